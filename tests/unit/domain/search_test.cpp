#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

#include <gtest/gtest.h>

#include "domain/names/normalise.hpp"
#include "domain/names/search.hpp"
#include "domain_test_support.hpp"

namespace jm::domain::names {
namespace {

std::vector<std::string> names_of(const std::vector<SearchResult>& rs) {
  std::vector<std::string> out;
  for (const auto& r : rs) out.push_back(r.name);
  return out;
}

bool contains(const std::vector<SearchResult>& rs, const std::string& name) {
  return std::any_of(rs.begin(), rs.end(), [&](const auto& r) { return r.name == name; });
}

TEST(PlayerSearch, PrefixOnAnyTokenFullNameFirst) {
  const PlayerSearch s({{"Ryan Fitzpatrick", 2005, 2021},
                        {"Dez Fitzpatrick", 2021, 2024},
                        {"Fitz Gerald", 1990, 1991},
                        {"Larry Fitzgerald", 2004, 2020},
                        {"Randy Moss", 1998, 2012}});
  EXPECT_EQ(names_of(s.search("fitz")),
            (std::vector<std::string>{"Fitz Gerald", "Larry Fitzgerald", "Dez Fitzpatrick",
                                      "Ryan Fitzpatrick"}));
  // Prefix matches first, then one-edit prefix matches fill the list ("fitz g…" ≈ "fitzp").
  EXPECT_EQ(names_of(s.search("fitzp")),
            (std::vector<std::string>{"Dez Fitzpatrick", "Ryan Fitzpatrick", "Fitz Gerald",
                                      "Larry Fitzgerald"}));
  const auto r = s.search("Ryan Fitzp");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0], (SearchResult{"Ryan Fitzpatrick", 2005, 2021}));
  EXPECT_TRUE(s.search("").empty());
  EXPECT_TRUE(s.search("'.-").empty());
}

TEST(PlayerSearch, FuzzyAfterPrefixAndDeterministic) {
  const PlayerSearch s(
      {{"Randy Moss", 1998, 2012}, {"Santana Moss", 2001, 2014}, {"Ryan Fitzpatrick", 2005, 2021}});
  EXPECT_EQ(names_of(s.search("fitzpatrik")), (std::vector<std::string>{"Ryan Fitzpatrick"}));
  EXPECT_EQ(names_of(s.search("fotzpat")), (std::vector<std::string>{"Ryan Fitzpatrick"}));
  EXPECT_EQ(names_of(s.search("rndy")), (std::vector<std::string>{"Randy Moss"}));
  EXPECT_EQ(s.search("moss"), s.search("MOSS"));
  EXPECT_EQ(names_of(s.search("moss")), (std::vector<std::string>{"Randy Moss", "Santana Moss"}));
}

TEST(PlayerSearch, RealDataAllAnswersFindable) {
  const auto& cat = testing::real_catalog();
  const auto& search = cat.search();
  for (const auto& c : cat.careers()) {
    const auto full = search.search(c.name);
    EXPECT_TRUE(contains(full, c.name)) << c.name;
    // Typed without accents/punctuation/suffix, as a player would.
    const auto plain = search.search(normalise_name(c.name));
    EXPECT_TRUE(contains(plain, c.name)) << c.name;
  }
  const auto garcon = search.search("pierre garcon");
  ASSERT_FALSE(garcon.empty());
  EXPECT_EQ(garcon[0].name, "Pierre Garçon");  // merged with the index's "Pierre Garcon"
  EXPECT_EQ(std::count_if(garcon.begin(), garcon.end(),
                          [](const auto& r) { return normalise_name(r.name) == "pierre garcon"; }),
            1);
  const auto fitz = search.search("fitzp");
  EXPECT_TRUE(contains(fitz, "Ryan Fitzpatrick"));
  EXPECT_TRUE(contains(fitz, "Dez Fitzpatrick"));
  EXPECT_LE(search.search("a").size(), PlayerSearch::kMaxResults);
  EXPECT_EQ(search.search("a").size(), PlayerSearch::kMaxResults);
  // Accent-insensitive both ways.
  EXPECT_TRUE(contains(search.search("estime"), "Audric Estimé"));
  EXPECT_TRUE(contains(search.search("garçon"), "Pierre Garçon"));
  // Steve Smith / Steve Smith Sr. in the index are the career's player: one row.
  const auto smith = search.search("steve smith");
  EXPECT_EQ(std::count_if(smith.begin(), smith.end(),
                          [](const auto& r) { return normalise_name(r.name) == "steve smith"; }),
            1);
}

// Reports (never asserts) the latency of autocomplete on the real index.
TEST(PlayerSearch, RealDataTimingReport) {
  const auto& cat = testing::real_catalog();
  std::vector<std::string> queries;
  std::mt19937_64 rng(7);
  const auto& idx = cat.index();
  for (int i = 0; i < 3000; ++i) {
    std::string n = normalise_name(idx[rng() % idx.size()].name);
    std::string q = n.substr(0, 1 + rng() % std::min<std::size_t>(n.size(), 12));
    if (i % 3 == 0 && q.size() > 3) q[q.size() / 2] = 'x';  // typo → fuzzy path
    queries.push_back(q);
  }
  queries.push_back("zzzzzzzzzzzz");  // nothing matches: full fuzzy scan
  std::vector<double> us;
  volatile std::size_t sink = 0;
  for (const auto& q : queries) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = cat.search().search(q);
    const auto t1 = std::chrono::steady_clock::now();
    sink = sink + r.size();  // keeps the call observable to the optimiser
    us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
  }
  std::sort(us.begin(), us.end());
  const auto pct = [&](double p) { return us[static_cast<std::size_t>(p * (us.size() - 1))]; };
  std::printf(
      "[ timing ] PlayerSearch over %zu names, %zu queries: p50 %.1f us, p99 %.1f us, "
      "max %.1f us\n",
      cat.search().size(), us.size(), pct(0.5), pct(0.99), us.back());
  SUCCEED();
}

}  // namespace
}  // namespace jm::domain::names
