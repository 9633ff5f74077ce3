#include <gtest/gtest.h>

#include "domain/names/matcher.hpp"
#include "domain/names/normalise.hpp"
#include "domain_test_support.hpp"

namespace jm::domain::names {
namespace {

TEST(NameNormalise, CaseSpacingPunctuation) {
  EXPECT_EQ(normalise_name("  Ryan   FITZPATRICK "), "ryan fitzpatrick");
  EXPECT_EQ(normalise_name("Ja'Marr Chase"), "jamarr chase");
  EXPECT_EQ(normalise_name("Ja’Marr Chase"), "jamarr chase");  // typographic apostrophe
  EXPECT_EQ(normalise_name("jamarr chase"), "jamarr chase");
  EXPECT_EQ(normalise_name("Brian O'Brien"), "brian obrien");
  EXPECT_EQ(normalise_name("C.J. Anderson"), "cj anderson");
  EXPECT_EQ(normalise_name("Jason Pierre-Paul"), "jason pierre paul");
  EXPECT_EQ(normalise_name("'Omar Ellison"), "omar ellison");
  EXPECT_EQ(normalise_name("Donte' Stallworth"), "donte stallworth");
  EXPECT_EQ(normalise_name(""), "");
  EXPECT_EQ(normalise_name(" .-' "), "");
}

TEST(NameNormalise, Accents) {
  EXPECT_EQ(normalise_name("Pierre Garçon"), "pierre garcon");
  EXPECT_EQ(normalise_name("PIERRE GARÇON"), "pierre garcon");
  EXPECT_EQ(normalise_name("Audric Estimé"), "audric estime");
  EXPECT_EQ(normalise_name("Søren Müller Ñúñez"), "soren muller nunez");
  EXPECT_EQ(normalise_name("Łukasz Žák Œuvre"), "lukasz zak oeuvre");
  EXPECT_EQ(normalise_name("Straße"), "strasse");
  // Outside Latin-1/Extended-A letters are kept verbatim; broken UTF-8 bytes are dropped.
  EXPECT_EQ(normalise_name("Δ Test"), "Δ test");
  EXPECT_EQ(normalise_name(std::string("Bad\xC3") + " Byte"), "bad byte");
}

TEST(NameNormalise, Suffixes) {
  EXPECT_EQ(normalise_name("Steve Smith Sr."), "steve smith");
  EXPECT_EQ(normalise_name("Odell Beckham Jr."), "odell beckham");
  EXPECT_EQ(normalise_name("Robert Griffin III"), "robert griffin");
  EXPECT_EQ(normalise_name("Some Body IV"), "some body");
  EXPECT_EQ(normalise_name("Some Body V"), "some body");
  EXPECT_EQ(normalise_name("Jr"), "jr");  // the only token is kept
  EXPECT_EQ(normalise_name("Smith Jr."), "smith");
}

TEST(NameNormalise, SurnameAndCompact) {
  EXPECT_EQ(surname_of("jason pierre paul"), "pierre paul");
  EXPECT_EQ(surname_of("fitzpatrick"), "");
  EXPECT_EQ(compact("a j brown"), "ajbrown");
}

TEST(NameLevenshtein, Bounded) {
  EXPECT_EQ(bounded_levenshtein("kitten", "sitting", 5), 3);
  EXPECT_EQ(bounded_levenshtein("kitten", "sitting", 2), 3);  // capped at max + 1
  EXPECT_EQ(bounded_levenshtein("", "abc", 3), 3);
  EXPECT_EQ(bounded_levenshtein("abc", "abc", 0), 0);
  EXPECT_EQ(bounded_levenshtein("abc", "abd", 0), 1);
  EXPECT_EQ(bounded_levenshtein("fitzpatrick", "fitzpatrik", 1), 1);
  EXPECT_EQ(bounded_levenshtein("fitzpatrick", "fiztpatrick", 2), 2);  // transposition = 2
  const std::string long_a(300, 'a');
  std::string long_b = long_a;
  long_b[150] = 'b';
  EXPECT_EQ(bounded_levenshtein(long_a, long_b, 2), 1);
}

TEST(NameLevenshtein, PrefixDistance) {
  EXPECT_EQ(bounded_prefix_distance("fitzp", "fitzpatrick", 1), 0);
  EXPECT_EQ(bounded_prefix_distance("fizp", "fitzpatrick", 1), 1);
  EXPECT_EQ(bounded_prefix_distance("fotzp", "fitzpatrick", 1), 1);
  EXPECT_EQ(bounded_prefix_distance("xyzzy", "fitzpatrick", 1), 2);
  EXPECT_EQ(bounded_prefix_distance("abcdef", "abc", 1), 2);
}

TEST(NameMatcher, TypoToleranceBoundaries) {
  EXPECT_EQ(allowed_edits(7), 0);
  EXPECT_EQ(allowed_edits(8), 1);
  EXPECT_EQ(allowed_edits(13), 1);
  EXPECT_EQ(allowed_edits(14), 2);
  const NameMatcher m(std::vector<std::string>{});
  // "bo jacks" is 8 characters: one edit allowed, two not.
  EXPECT_EQ(m.judge("bo jacks", "Bo Jacks"), Verdict::correct);
  EXPECT_EQ(m.judge("bo jackx", "Bo Jacks"), Verdict::correct);
  EXPECT_EQ(m.judge("bo jaxkx", "Bo Jacks"), Verdict::wrong);
  // "bo jack" is 7 characters: exact only.
  EXPECT_EQ(m.judge("bo jakk", "Bo Jack"), Verdict::wrong);
  // "ryan fitzpatrick" is 16 characters: two edits allowed, three not.
  EXPECT_EQ(m.judge("ryan fitzpatrik", "Ryan Fitzpatrick"), Verdict::correct);
  EXPECT_EQ(m.judge("rian fitzpatrik", "Ryan Fitzpatrick"), Verdict::correct);
  EXPECT_EQ(m.judge("rian fitzpatrok", "Ryan Fitzpatrick"), Verdict::wrong);
  // "chris ivory" is 11: one edit.
  EXPECT_EQ(m.judge("chris ivroy", "Chris Ivory"), Verdict::wrong);  // a swap is two edits
  EXPECT_EQ(m.judge("chris ivry", "Chris Ivory"), Verdict::correct);
}

TEST(NameMatcher, SpellingVariantsOfTheAnswer) {
  const NameMatcher m(std::vector<std::string>{"Ja'Marr Chase", "Steve Smith Sr.", "Steve Smith"});
  EXPECT_EQ(m.judge("jamarr chase", "Ja'Marr Chase"), Verdict::correct);
  EXPECT_EQ(m.judge("JA MARR CHASE", "Ja'Marr Chase"), Verdict::correct);  // spaces ignored
  EXPECT_EQ(m.judge("steve smith", "Steve Smith Sr."), Verdict::correct);
  EXPECT_EQ(m.judge("Steve Smith Sr", "Steve Smith Sr."), Verdict::correct);
  EXPECT_EQ(m.judge("pierre garcon", "Pierre Garçon"), Verdict::correct);
  EXPECT_EQ(m.judge("Pierre Garçon", "Pierre Garcon"), Verdict::correct);
  EXPECT_EQ(m.judge("Brian OBrien", "Brian O'Brien"), Verdict::correct);
  EXPECT_EQ(m.judge("brian o brien", "Brian O’Brien"), Verdict::correct);
  EXPECT_EQ(m.judge("jason pierrepaul", "Jason Pierre-Paul"), Verdict::correct);
  EXPECT_EQ(m.judge("Odell Beckham", "Odell Beckham Jr."), Verdict::correct);
  EXPECT_EQ(m.judge("   ", "Odell Beckham Jr."), Verdict::wrong);
}

TEST(NameMatcher, SurnameAlone) {
  const NameMatcher m(std::vector<std::string>{"Ryan Fitzpatrick", "Dez Fitzpatrick", "Alex Smith",
                                               "Steve Smith", "Steve Smith Sr.", "Randy Moss",
                                               "Jason Pierre-Paul", "Adam Vinatieri"});
  EXPECT_EQ(m.surname_count("Fitzpatrick"), 2u);
  EXPECT_EQ(m.surname_count("Smith"), 2u);  // Steve Smith and Steve Smith Sr. are one player
  // Shared surname: ambiguous whoever the answer is, so the verdict reveals nothing.
  EXPECT_EQ(m.judge("Fitzpatrick", "Ryan Fitzpatrick"), Verdict::ambiguous);
  EXPECT_EQ(m.judge("fitzpatrick", "Randy Moss"), Verdict::ambiguous);
  EXPECT_EQ(m.judge("Smith", "Alex Smith"), Verdict::ambiguous);
  // Unique surname: as good as the full name.
  EXPECT_EQ(m.judge("Vinatieri", "Adam Vinatieri"), Verdict::correct);
  EXPECT_EQ(m.judge("moss", "Randy Moss"), Verdict::correct);
  EXPECT_EQ(m.judge("Moss", "Adam Vinatieri"), Verdict::wrong);
  EXPECT_EQ(m.judge("Pierre-Paul", "Jason Pierre-Paul"), Verdict::correct);
  // Another real player's full name is wrong even when within the typo budget.
  EXPECT_EQ(m.judge("Dez Fitzpatrick", "Ryan Fitzpatrick"), Verdict::wrong);
  // A surname nobody in the index has, but the answer does.
  const NameMatcher empty(std::vector<std::string>{});
  EXPECT_EQ(empty.judge("Garçon", "Pierre Garcon"), Verdict::correct);
}

TEST(NameMatcher, RealDataSameSurnames) {
  const auto& m = testing::real_catalog().matcher();
  EXPECT_EQ(m.judge("Williams", "Mario Williams"), Verdict::ambiguous);
  EXPECT_EQ(m.judge("Smith", "Steve Smith Sr."), Verdict::ambiguous);
  EXPECT_EQ(m.judge("Bennett", "Michael Bennett"), Verdict::ambiguous);
  EXPECT_EQ(m.judge("Fitzpatrick", "Ryan Fitzpatrick"), Verdict::ambiguous);  // Dez, too
  EXPECT_EQ(m.judge("steve smith", "Steve Smith Sr."), Verdict::correct);
  EXPECT_EQ(m.judge("Pierre Garcon", "Pierre Garçon"), Verdict::correct);
  EXPECT_EQ(m.judge("donte stallworth", "Donte Stallworth"), Verdict::correct);
  EXPECT_EQ(m.judge("leveon bell", "Le'Veon Bell"), Verdict::correct);
  EXPECT_EQ(m.judge("Vinatieri", "Adam Vinatieri"), Verdict::correct);
  EXPECT_EQ(m.judge("Alex Smith", "Steve Smith Sr."), Verdict::wrong);
}

}  // namespace
}  // namespace jm::domain::names
