#include "domain/names/matcher.hpp"

#include <algorithm>

#include "domain/names/normalise.hpp"

namespace jm::domain::names {

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::correct:
      return "correct";
    case Verdict::wrong:
      return "wrong";
    case Verdict::ambiguous:
      return "ambiguous";
  }
  return "wrong";
}

int allowed_edits(std::size_t normalised_length) {
  if (normalised_length >= 14) return 2;
  if (normalised_length >= 8) return 1;
  return 0;
}

NameMatcher::NameMatcher(const std::vector<std::string>& known_names) {
  for (const auto& name : known_names) {
    const std::string norm = normalise_name(name);
    std::string full = compact(norm);
    if (full.empty() || !full_.insert(full).second) continue;  // same player, other spelling
    const std::string_view sur = surname_of(norm);
    if (sur.empty()) continue;
    auto& info = surnames_[compact(sur)];
    if (info.count++ == 0) info.owner = full;
  }
}

std::size_t NameMatcher::surname_count(std::string_view surname) const {
  const auto it = surnames_.find(compact(normalise_name(surname)));
  return it == surnames_.end() ? 0 : it->second.count;
}

Verdict NameMatcher::judge(std::string_view guess, std::string_view answer) const {
  const std::string g_norm = normalise_name(guess);
  const std::string a_norm = normalise_name(answer);
  const std::string g = compact(g_norm);
  const std::string a = compact(a_norm);
  if (g.empty()) return Verdict::wrong;
  if (g == a) return Verdict::correct;
  if (full_.contains(g)) return Verdict::wrong;

  const std::string a_sur = compact(surname_of(a_norm));
  if (const auto it = surnames_.find(g); it != surnames_.end()) {
    // The answer may be missing from the known names (a catalogue built without it); it still
    // shares the surname then.
    const bool answer_known = full_.contains(a);
    std::size_t count = it->second.count + ((g == a_sur && !answer_known) ? 1 : 0);
    if (count >= 2) return Verdict::ambiguous;
    return it->second.owner == a || (g == a_sur && !answer_known) ? Verdict::correct
                                                                  : Verdict::wrong;
  }
  if (!a_sur.empty() && g == a_sur) return Verdict::correct;  // unknown to the index at all

  const int max_edits = allowed_edits(a_norm.size());
  if (max_edits > 0 && bounded_levenshtein(g, a, max_edits) <= max_edits) return Verdict::correct;
  return Verdict::wrong;
}

}  // namespace jm::domain::names
