// NFL facts on both dialects: upsert_nfl idempotence and change detection, load_*
// round trips, and an invalid row leaving nothing behind.
#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

#include "sqlite_server_support.hpp"
#include "sqlite_test_support.hpp"
#include "store_factory_for_tests.hpp"

namespace jm::store {
namespace {

using testing::make_career;
using testing::make_stint;
using testing::make_team;

std::vector<TeamRow> teams() {
  return {make_team("BBB", "AFC"), make_team("AAA")};
}

std::vector<CareerRow> careers() {
  auto zed = make_career("Zed Last", {make_stint(0, "AAA", 2001, 2004)});
  zed.draft_year = zed.draft_round = zed.draft_pick = std::nullopt;  // undrafted
  zed.college = "";
  // Stints handed over out of order: storage and loading go by seq.
  auto amy =
      make_career("Amy First", {make_stint(2, "AAA", 2010, 2011), make_stint(0, "AAA", 2005, 2007),
                                make_stint(1, "BBB", 2008, 2009)});
  return {zed, amy};
}

class StoreNfl : public testing::DialectTest {
 protected:
  // Something that moves whenever a commit changed NFL rows. SQLite: PRAGMA
  // data_version of a connection kept open (other connections' commits move it) and the
  // WAL's size. PostgreSQL: the creating transaction (xmin) of every row version.
  std::string write_marker() {
    if (GetParam() == testing::Dialect::postgres) {
      return db().scalar(
          "SELECT string_agg(x, ',' ORDER BY x) FROM (SELECT xmin::text AS x FROM teams"
          " UNION ALL SELECT xmin::text FROM nfl_players UNION ALL SELECT xmin::text FROM stints)"
          " AS v");
    }
    if (!raw_) raw_ = std::make_unique<testing::RawDb>(db().sqlite_path());
    return raw_->scalar("PRAGMA data_version") + "/" +
           std::to_string(std::filesystem::file_size(db().sqlite_path() + "-wal"));
  }
  std::unique_ptr<testing::RawDb> raw_;
};

TEST_P(StoreNfl, SecondIdenticalUpsertChangesNothing) {
  Store* store = &this->store();
  const auto first = store->upsert_nfl(teams(), careers());
  EXPECT_EQ(first.teams_added, 2);
  EXPECT_EQ(first.careers_added, 2);
  EXPECT_EQ(first.teams_updated + first.careers_updated + first.unchanged, 0);

  const auto marker_before = write_marker();
  const auto stint_ids = db().column("SELECT id FROM stints ORDER BY id");

  const auto second = store->upsert_nfl(teams(), careers());
  EXPECT_EQ(second.unchanged, 4);
  EXPECT_EQ(second.teams_added + second.teams_updated, 0);
  EXPECT_EQ(second.careers_added + second.careers_updated, 0);
  EXPECT_EQ(write_marker(), marker_before) << "an unchanged seed must not write";
  EXPECT_EQ(db().column("SELECT id FROM stints ORDER BY id"), stint_ids);
}

TEST_P(StoreNfl, ChangedCareerIsUpdatedAndItsStintsReplaced) {
  Store* store = &this->store();
  store->upsert_nfl(teams(), careers());
  auto& raw = db();
  const auto zed_stints = raw.column(
      "SELECT s.id FROM stints s JOIN nfl_players p ON p.id = s.nfl_player_id"
      " WHERE p.name = 'Zed Last' ORDER BY s.id");

  auto changed = careers();
  changed[1].career_json = R"({"name":"Amy First","stints":2})";
  changed[1].stints = {make_stint(0, "BBB", 2005, 2009), make_stint(1, "AAA", 2010, 2012)};
  auto team = make_team("AAA");
  team.data_json = R"({"code":"AAA","eras":[{"from":1960}]})";
  const auto counts = store->upsert_nfl({team}, changed);
  EXPECT_EQ(counts.careers_updated, 1);
  EXPECT_EQ(counts.teams_updated, 1);
  EXPECT_EQ(counts.unchanged, 1);  // Zed
  EXPECT_EQ(counts.careers_added + counts.teams_added, 0);

  const auto loaded = store->load_careers();
  ASSERT_EQ(loaded.size(), 2u);
  const auto& amy = loaded[0];
  EXPECT_EQ(amy.career_json, changed[1].career_json);
  ASSERT_EQ(amy.stints.size(), 2u) << "the old third stint must be gone";
  EXPECT_EQ(amy.stints[0].team_code, "BBB");
  EXPECT_EQ(amy.stints[1].to_year, 2012);
  EXPECT_EQ(raw.scalar("SELECT count(*) FROM stints"), "3");
  EXPECT_EQ(raw.column("SELECT s.id FROM stints s JOIN nfl_players p ON p.id = s.nfl_player_id"
                       " WHERE p.name = 'Zed Last' ORDER BY s.id"),
            zed_stints)
      << "an unchanged career keeps its rows";
  EXPECT_EQ(store->load_teams()[0].data_json, team.data_json);
}

TEST_P(StoreNfl, ChangedStintAloneCountsAsChanged) {
  Store* store = &this->store();
  store->upsert_nfl(teams(), careers());
  auto changed = careers();
  changed[0].stints[0].number = 99;  // same career_json, different stint
  const auto counts = store->upsert_nfl({}, changed);
  EXPECT_EQ(counts.careers_updated, 1);
  EXPECT_EQ(counts.unchanged, 1);
  EXPECT_EQ(store->load_careers()[1].stints[0].number, 99);
}

TEST_P(StoreNfl, LoadRoundTrips) {
  Store* store = &this->store();
  store->upsert_nfl(teams(), careers());

  const auto loaded_teams = store->load_teams();
  ASSERT_EQ(loaded_teams.size(), 2u);
  EXPECT_EQ(loaded_teams[0].code, "AAA");  // by code
  const auto expect_team = make_team("AAA");
  EXPECT_EQ(loaded_teams[0].name, expect_team.name);
  EXPECT_EQ(loaded_teams[0].city, expect_team.city);
  EXPECT_EQ(loaded_teams[0].nickname, expect_team.nickname);
  EXPECT_EQ(loaded_teams[0].conference, "NFC");
  EXPECT_EQ(loaded_teams[0].division, expect_team.division);
  EXPECT_EQ(loaded_teams[0].primary_color, expect_team.primary_color);
  EXPECT_EQ(loaded_teams[0].secondary_color, expect_team.secondary_color);
  EXPECT_EQ(loaded_teams[0].trim_color, "");
  EXPECT_EQ(loaded_teams[0].data_json, expect_team.data_json);
  EXPECT_EQ(loaded_teams[1].conference, "AFC");

  const auto loaded = store->load_careers();
  ASSERT_EQ(loaded.size(), 2u);
  EXPECT_EQ(loaded[0].name, "Amy First");  // by name
  EXPECT_EQ(loaded[1].name, "Zed Last");
  const auto& amy = loaded[0];
  const auto amy_in = careers()[1];
  EXPECT_EQ(amy.position, "QB");
  EXPECT_EQ(amy.college, "State");
  EXPECT_EQ(amy.height, "6-2");
  EXPECT_EQ(amy.draft_year, 2001);
  EXPECT_EQ(amy.draft_round, 1);
  EXPECT_EQ(amy.draft_pick, 7);
  EXPECT_EQ(amy.accolades_json, amy_in.accolades_json);
  EXPECT_EQ(amy.career_json, amy_in.career_json);
  ASSERT_EQ(amy.stints.size(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(amy.stints[static_cast<std::size_t>(i)].seq, i);
  EXPECT_EQ(amy.stints[0].from_year, 2005);
  EXPECT_EQ(amy.stints[1].team_code, "BBB");
  EXPECT_EQ(amy.stints[1].team_name, "BBB City BBBs");
  EXPECT_EQ(amy.stints[2].number, 12);
  EXPECT_EQ(amy.stints[2].stats_json, R"({"games":32})");
  EXPECT_EQ(amy.stints[2].awards_json, "{}");
  const auto& zed = loaded[1];
  EXPECT_FALSE(zed.draft_year);
  EXPECT_FALSE(zed.draft_pick);
  EXPECT_EQ(zed.college, "");
}

TEST_P(StoreNfl, InvalidRowStoresNothingOfTheCall) {
  Store* store = &this->store();
  auto bad = make_career("Bad Stint", {make_stint(0, "ZZZ", 2001, 2002)});  // no team ZZZ
  try {
    store->upsert_nfl(teams(), {careers()[0], bad});
    FAIL() << "expected an exception";
  } catch (const StoreUnavailable&) {
    FAIL() << "a bad row is not an outage";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("Bad Stint"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(store->load_teams().empty());
  EXPECT_TRUE(store->load_careers().empty());
  // The writer is fine afterwards.
  EXPECT_EQ(store->upsert_nfl(teams(), careers()).careers_added, 2);
}

TEST_P(StoreNfl, UpsertAfterDrainIsUnavailable) {
  Store* store = &this->store();
  store->drain();
  EXPECT_THROW(store->upsert_nfl(teams(), careers()), StoreUnavailable);
}

JM_STORE_DIALECTS(StoreNfl);

}  // namespace
}  // namespace jm::store
