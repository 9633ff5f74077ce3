#pragma once
// Judges a free-text guess against the answer of a round.
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace jm::domain::names {

enum class Verdict { correct, wrong, ambiguous };

std::string_view to_string(Verdict v);

// Typo tolerance by length of the answer's normalised name (spaces included): at most 1 edit
// from 8 characters, at most 2 from 14. Shorter names must match exactly, since one letter
// there often makes another real name.
int allowed_edits(std::size_t normalised_length);

class NameMatcher {
 public:
  NameMatcher() = default;
  // `known_names`: every name a guess could mean — all careers of the pool and the whole player
  // index. Spellings that normalise alike count as one player.
  explicit NameMatcher(const std::vector<std::string>& known_names);

  // Rules, first match wins (docs/game-rules.md):
  //  1. normalised guess equals the answer (spaces ignored)          → correct
  //  2. guess is exactly another known player's full name            → wrong
  //  3. guess is a bare surname shared by two or more known players  → ambiguous (for every
  //     answer, so "ambiguous" never hints at the answer's surname)
  //  4. guess is the surname of exactly one known player             → correct iff that player
  //     is the answer
  //  5. edit distance to the answer within allowed_edits()           → correct
  //  6. otherwise                                                     → wrong
  Verdict judge(std::string_view guess, std::string_view answer) const;

  // Number of distinct known players whose surname (all after the first name) is `surname`.
  std::size_t surname_count(std::string_view surname) const;

 private:
  std::unordered_set<std::string> full_;  // compact normalised full names
  // compact surname → distinct compact full names carrying it (capped at 2: one owner is kept
  // so rule 4 can tell who it is).
  struct SurnameInfo {
    std::size_t count = 0;
    std::string owner;
  };
  std::unordered_map<std::string, SurnameInfo> surnames_;
};

}  // namespace jm::domain::names
