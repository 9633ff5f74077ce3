#include "domain/names/search.hpp"

#include <algorithm>
#include <cstdint>
#include <tuple>

#include "domain/names/normalise.hpp"

namespace jm::domain::names {
namespace {

bool key_less(const std::string& a, const std::string& b) {
  return a < b;
}

template <class KeyT>
void sort_keys(std::vector<KeyT>& keys) {
  std::sort(keys.begin(), keys.end(), [](const KeyT& x, const KeyT& y) {
    return std::tie(x.text, x.entry) < std::tie(y.text, y.entry);
  });
}

int fuzzy_budget(std::size_t query_length) {
  if (query_length >= 8) return 2;
  if (query_length >= 3) return 1;
  return 0;
}

}  // namespace

PlayerSearch::PlayerSearch(std::vector<SearchEntry> entries) {
  entries_.reserve(entries.size());
  for (auto& e : entries) {
    std::string norm = normalise_name(e.name);
    if (norm.empty()) continue;
    entries_.push_back({std::move(e), std::move(norm)});
  }
  for (std::uint32_t id = 0; id < entries_.size(); ++id) {
    const std::string& norm = entries_[id].norm;
    full_keys_.push_back({norm, id});
    if (std::string c = compact(norm); c != norm) full_keys_.push_back({std::move(c), id});
    for (std::size_t i = 1; i < norm.size(); ++i)
      if (norm[i - 1] == ' ') token_keys_.push_back({norm.substr(i), id});
  }
  sort_keys(full_keys_);
  std::vector<const Key*> fk;
  for (const auto& k : full_keys_)
    if (k.text == entries_[k.entry].norm) fk.push_back(&k);
  for (const auto& k : token_keys_) fk.push_back(&k);
  std::sort(fk.begin(), fk.end(), [](const Key* x, const Key* y) {
    return std::tie(x->text, x->entry) < std::tie(y->text, y->entry);
  });
  for (std::size_t i = 0; i < fk.size(); ++i) {
    fuzzy_start_.push_back(static_cast<std::uint32_t>(fuzzy_text_.size()));
    fuzzy_text_ += fk[i]->text;
    fuzzy_entry_.push_back(fk[i]->entry);
    std::size_t n = 0;
    if (i > 0) {
      const auto& p = fk[i - 1]->text;
      const auto& t = fk[i]->text;
      while (n < p.size() && n < t.size() && n < UINT16_MAX && p[n] == t[n]) ++n;
    }
    fuzzy_lcp_.push_back(static_cast<std::uint16_t>(n));
  }
  fuzzy_start_.push_back(static_cast<std::uint32_t>(fuzzy_text_.size()));
  // Equal token suffixes ("fitzpatrick" of Dez and of Ryan) are ordered by full name, so a
  // walk over them yields the documented order.
  std::sort(token_keys_.begin(), token_keys_.end(), [&](const Key& x, const Key& y) {
    return std::tie(x.text, entries_[x.entry].norm, x.entry) <
           std::tie(y.text, entries_[y.entry].norm, y.entry);
  });
}

void PlayerSearch::fuzzy_scan(const std::string& q, int budget,
                              std::vector<std::pair<int, std::uint32_t>>& hits) const {
  // row(i)[j] = edit distance between the first i characters of the key and the first j of the
  // query. Only cells with |i − j| ≤ budget can be within budget, so each row is computed over
  // that band (cells just outside it hold `big`). A row whose minimum exceeds the budget cannot
  // improve deeper down, so the walk stops there and every following key sharing that prefix
  // reuses the verdict.
  const std::size_t n = q.size();
  const auto b = static_cast<std::size_t>(budget);
  const int big = budget + 1;
  const std::size_t max_rows = n + b + 2;
  std::vector<int> rows(max_rows * (n + 2));
  std::vector<int> best(max_rows);  // best[i] = min over rows 0..i of the last column
  const auto row = [&](std::size_t i) { return rows.data() + i * (n + 2); };
  for (std::size_t j = 0; j <= n; ++j) row(0)[j] = std::min(static_cast<int>(j), big);
  best[0] = row(0)[n];
  std::size_t valid = 0;             // rows 0..valid fit the current prefix
  std::size_t pruned_at = SIZE_MAX;  // a row of the current prefix that is over budget
  const std::size_t keys = fuzzy_entry_.size();
  for (std::size_t k = 0; k < keys; ++k) {
    const std::size_t shared = fuzzy_lcp_[k];
    if (shared >= pruned_at) {
      if (best[pruned_at] <= budget) hits.emplace_back(best[pruned_at], fuzzy_entry_[k]);
      continue;
    }
    pruned_at = SIZE_MAX;
    valid = std::min(valid, shared);
    const char* text = fuzzy_text_.data() + fuzzy_start_[k];
    const std::size_t len = fuzzy_start_[k + 1] - fuzzy_start_[k];
    while (valid < len) {
      const std::size_t i = valid + 1;
      const int* prev = row(i - 1);
      int* cur = row(i);
      const char c = text[i - 1];
      const std::size_t lo = i > b ? i - b : 1;
      const std::size_t hi = std::min(n, i + b);
      cur[0] = std::min(static_cast<int>(i), big);
      cur[lo - 1] = lo == 1 ? cur[0] : big;
      int row_min = lo == 1 ? cur[0] : big;
      for (std::size_t j = lo; j <= hi; ++j) {
        const int v =
            std::min({prev[j - 1] + (q[j - 1] != c ? 1 : 0), prev[j] + 1, cur[j - 1] + 1, big});
        cur[j] = v;
        row_min = std::min(row_min, v);
      }
      cur[hi + 1] = big;  // the next row reads one cell past this band
      best[i] = std::min(best[i - 1], (n >= lo && n <= hi) ? cur[n] : big);
      valid = i;
      if (row_min > budget) {
        pruned_at = i;
        break;
      }
    }
    const int d = best[std::min(valid, len)];
    if (d <= budget) hits.emplace_back(d, fuzzy_entry_[k]);
  }
}

std::vector<SearchResult> PlayerSearch::search(std::string_view query, std::size_t limit) const {
  limit = std::min(limit, kMaxResults);
  std::vector<SearchResult> out;
  const std::string q = normalise_name(query);
  if (q.empty() || limit == 0) return out;
  const std::string qc = compact(q);

  std::vector<std::uint32_t> picked;
  picked.reserve(limit);
  const auto take = [&](std::uint32_t id) {
    if (picked.size() >= limit) return;
    if (std::find(picked.begin(), picked.end(), id) != picked.end()) return;
    picked.push_back(id);
  };
  // Walks the keys that start with `prefix` in sorted order.
  const auto walk = [&](const std::vector<Key>& keys, const std::string& prefix, auto&& visit) {
    auto it =
        std::lower_bound(keys.begin(), keys.end(), prefix,
                         [](const Key& k, const std::string& p) { return key_less(k.text, p); });
    for (; it != keys.end() && it->text.starts_with(prefix) && picked.size() < limit; ++it)
      visit(*it);
  };

  // Tier 1: full-name prefix. The spaced and compact key of one name sort apart, so gather the
  // candidates of both walks and order them by normalised name.
  {
    std::vector<std::uint32_t> tier;
    const auto collect = [&](const std::vector<Key>& keys, const std::string& prefix) {
      auto it =
          std::lower_bound(keys.begin(), keys.end(), prefix,
                           [](const Key& k, const std::string& p) { return key_less(k.text, p); });
      for (std::size_t n = 0; it != keys.end() && it->text.starts_with(prefix) && n < 4 * limit;
           ++it, ++n)
        tier.push_back(it->entry);
    };
    collect(full_keys_, q);
    if (qc != q) collect(full_keys_, qc);
    std::sort(tier.begin(), tier.end(), [&](std::uint32_t x, std::uint32_t y) {
      return std::tie(entries_[x].norm, x) < std::tie(entries_[y].norm, y);
    });
    for (const auto id : tier) take(id);
  }
  // Tier 2: a later token starts with the query.
  walk(token_keys_, q, [&](const Key& k) { take(k.entry); });

  // Tier 3: typo-tolerant prefix match over every token start.
  if (picked.size() < limit) {
    const int budget = fuzzy_budget(q.size());
    if (budget > 0) {
      std::vector<std::pair<int, std::uint32_t>> hits;  // (distance, entry)
      fuzzy_scan(q, budget, hits);
      const auto less = [&](const auto& x, const auto& y) {
        return std::tie(x.first, entries_[x.second].norm, x.second) <
               std::tie(y.first, entries_[y.second].norm, y.second);
      };
      // An entry has at most a few keys, so the best 8·limit hits hold `limit` distinct entries.
      const std::size_t keep = std::min(hits.size(), 8 * limit);
      std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(keep), hits.end(),
                        less);
      for (std::size_t i = 0; i < keep; ++i) take(hits[i].second);
    }
  }

  out.reserve(picked.size());
  for (const auto id : picked) {
    const auto& d = entries_[id].data;
    out.push_back({d.name, d.from, d.to});
  }
  return out;
}

}  // namespace jm::domain::names
