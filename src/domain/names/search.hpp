#pragma once
// Autocomplete over every player name (index + careers). Everything that can be precomputed is:
// normalised keys live in sorted arrays so a prefix query is two binary searches plus a short
// walk; only when prefixes give fewer than the limit does a bounded fuzzy scan run.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jm::domain::names {

struct SearchEntry {
  std::string name;
  int from = 0;
  std::optional<int> to;  // nullopt: still active
};

struct SearchResult {
  std::string name;
  int from = 0;
  std::optional<int> to;
  bool operator==(const SearchResult&) const = default;
};

class PlayerSearch {
 public:
  static constexpr std::size_t kMaxResults = 10;

  PlayerSearch() = default;
  // Entries are taken as given (merging of same-player spellings is the caller's business).
  explicit PlayerSearch(std::vector<SearchEntry> entries);

  // Order: (1) the full name starts with the query, alphabetical; (2) a later name token starts
  // with it, by that token then full name; (3) typo-tolerant prefix match (1 edit from 3
  // characters, 2 from 8), by distance then name. At most `limit` (≤ kMaxResults) results; a
  // query that normalises to nothing yields none.
  std::vector<SearchResult> search(std::string_view query, std::size_t limit = kMaxResults) const;

  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    SearchEntry data;
    std::string norm;
  };
  struct Key {
    std::string text;  // a suffix of the normalised name starting at a token, or its compact form
    std::uint32_t entry;
  };
  // Typo scan over every token start: sorted so neighbours share prefixes, and the edit-distance
  // rows of a shared prefix are computed once (a trie walk without building the trie). Kept as
  // parallel arrays so the scan streams through little memory.
  void fuzzy_scan(const std::string& q, int budget,
                  std::vector<std::pair<int, std::uint32_t>>& hits) const;

  std::vector<Entry> entries_;
  std::string fuzzy_text_;                  // all fuzzy keys back to back
  std::vector<std::uint32_t> fuzzy_start_;  // offsets into fuzzy_text_, plus an end sentinel
  std::vector<std::uint32_t> fuzzy_entry_;
  std::vector<std::uint16_t> fuzzy_lcp_;  // common prefix length with the previous key
  std::vector<Key> full_keys_;            // normalised full names and their compact forms
  std::vector<Key> token_keys_;           // suffixes starting at the 2nd, 3rd… token
};

}  // namespace jm::domain::names
