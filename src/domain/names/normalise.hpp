#pragma once
// Name normalisation shared by guess judging and autocomplete, so both agree on what "the same
// name" means.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace jm::domain::names {

// Lower-case, fold Latin-1 / Latin Extended-A letters to ASCII (é→e, ç→c, ø→o, ß→ss, œ→oe),
// drop apostrophes and periods ("Ja'Marr" → "jamarr", "C.J." → "cj"), turn every other
// punctuation mark (hyphen, comma, slash, …) into a space, collapse spaces and drop trailing
// generational suffixes (jr, sr, ii, iii, iv, v) as long as another token remains. Code points
// outside those blocks are kept verbatim; malformed UTF-8 bytes are dropped.
std::string normalise_name(std::string_view raw);

// The normalised name without spaces: "a j brown", "aj brown" and "ajbrown" are one key, and a
// hyphenated surname matches whether typed with a hyphen, a space or neither.
std::string compact(std::string_view normalised);

// Everything after the first token of a normalised name ("jason pierre paul" → "pierre paul");
// empty for one-token names.
std::string_view surname_of(std::string_view normalised);

// Splits a normalised name on spaces.
std::vector<std::string_view> tokens(std::string_view normalised);

// Levenshtein distance, computed only as far as needed: returns max_distance + 1 as soon as the
// distance is known to exceed max_distance. Byte-wise (names are ASCII after normalisation).
int bounded_levenshtein(std::string_view a, std::string_view b, int max_distance);

// Smallest edit distance between `query` and any prefix of `text` (autocomplete typo
// tolerance), bounded like bounded_levenshtein.
int bounded_prefix_distance(std::string_view query, std::string_view text, int max_distance);

}  // namespace jm::domain::names
