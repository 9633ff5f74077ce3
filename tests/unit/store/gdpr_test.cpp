// GDPR: the export holds everything about a person; erasure leaves no trace of them in
// any table or column, keeps anonymous game results, and leaves other people alone.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <vector>

#include "sqlite_server_support.hpp"
#include "store_fixture.hpp"

namespace jm::store::testing {
namespace {

struct Person {
  std::string email, name, ip, public_id;
  std::int64_t id = 0;
};

class StoreGdpr : public StoreSuite {
 protected:
  // A person with a bit of everything: client and server games (with rounds), an
  // account, consents, refresh sessions, audit entries by and about them, their own
  // export job and an admin's export job about them.
  Person populate(const std::string& tag) {
    Person p;
    p.email = tag + "@example.com";
    p.name = "Person " + tag;
    p.ip = "198.18." + std::to_string(static_cast<int>(tag[0])) + ".7";
    auto client = make_game("client-" + tag, p.email, p.name);
    client.ip = p.ip;
    client.user_agent = "agent-" + tag;
    client.metadata_json = R"({"browser":"agent-)" + tag + R"("})";
    const auto saved = save_sync(store(), client);
    EXPECT_TRUE(saved.saved) << saved.error.message;
    auto server = make_server_game("server-" + tag, p.email, p.name, "easy");
    server.ip = p.ip;
    server.user_agent = "agent-" + tag;
    EXPECT_TRUE(create_sync(store(), server).saved);
    GameStateUpdate u;
    u.session_id = "server-" + tag;
    u.state_json = R"({"round":1})";
    u.rounds.push_back(make_round(0, "Alpha One", "solved", 2));
    u.rounds.push_back(make_round(1, "Beta Two", "playing"));
    EXPECT_FALSE(update_sync(store(), u));

    const auto account = create_account_sync(store(), p.email, p.name, "hash-" + tag);
    EXPECT_TRUE(account.adopted_visitor);
    p.public_id = account.user->public_id;
    p.id = account.user->id;

    auto c = consent(p.public_id, "analytics", "granted", kT0);
    c.ip = p.ip;
    EXPECT_FALSE(record_consent_sync(store(), c).second);
    c.status = "revoked";
    c.recorded_at_ms = kT0 + 1;
    EXPECT_FALSE(record_consent_sync(store(), c).second);

    for (const char* h : {"-s1", "-s2"}) {
      auto r = refresh(tag + h, "fam-" + tag, p.id, kT0 + 1'000'000);
      r.ip = p.ip;
      EXPECT_FALSE(create_session_sync(store(), r));
    }

    AuditEntry by;
    by.actor = p.public_id;
    by.actor_role = "player";
    by.action = "auth.login";
    by.ip = p.ip;
    by.user_agent = "agent-" + tag;
    by.details_json = R"({"email":")" + p.email + R"("})";
    EXPECT_FALSE(append_audit_sync(store(), by));
    AuditEntry about;
    about.actor = "admin-" + tag;
    about.action = "gdpr.export";
    about.resource_type = "user";
    about.resource_id = p.public_id;
    about.ip = "203.0.113.1";
    EXPECT_FALSE(append_audit_sync(store(), about));

    EXPECT_FALSE(enqueue_sync(store(), "gdpr.export", 0, p.public_id,
                              R"({"userId":")" + p.public_id + R"("})")
                     .second);
    EXPECT_FALSE(enqueue_sync(store(), "gdpr.export", 0, "admin-" + tag,
                              R"({"userId":")" + p.public_id + R"("})")
                     .second);
    return p;
  }

  // Every (table.column) holding `needle` anywhere in its text.
  std::vector<std::string> where_found(const std::string& needle) {
    std::vector<std::string> hits;
    for (const auto& [table, column] : db().all_columns()) {
      for (const auto& value :
           db().column("SELECT CAST(\"" + column + "\" AS TEXT) FROM \"" + table + "\"")) {
        if (value.find(needle) != std::string::npos) hits.push_back(table + "." + column);
      }
    }
    return hits;
  }

  ErasureOutcome erase_sync(const std::string& public_id, const std::string& by) {
    ErasureRequest r;
    r.user_public_id = public_id;
    r.request_id = "req-erase";
    r.requested_by = by;
    r.subject_ref = "ref-" + std::to_string(public_id.size());
    r.now_ms = kT0 + 50;
    return await_one<ErasureOutcome>([&](auto cb) { store().erase_user(r, cb); });
  }
};
JM_STORE_SUITE(StoreGdpr);

TEST_P(StoreGdpr, CollectGathersEverythingAboutOnePerson) {
  seed_small_catalog(store());
  const Person ann = populate("ann");
  populate("bob");
  const auto data = store().collect_personal_data(ann.public_id);
  ASSERT_TRUE(data);
  EXPECT_EQ(data->user.public_id, ann.public_id);
  EXPECT_EQ(data->user.email, ann.email);  // opened
  EXPECT_EQ(data->user.name, ann.name);

  ASSERT_EQ(data->games.size(), 2u);
  const auto& client = data->games[0].session_id == "client-ann" ? data->games[0] : data->games[1];
  const auto& server = data->games[0].session_id == "server-ann" ? data->games[0] : data->games[1];
  EXPECT_EQ(client.ip, ann.ip);
  EXPECT_EQ(client.user_agent, "agent-ann");
  EXPECT_EQ(client.source, "client");
  EXPECT_EQ(client.metadata_json, R"({"browser":"agent-ann"})");
  EXPECT_EQ(nlohmann::json::parse(client.rounds_json), nlohmann::json::array());
  EXPECT_EQ(server.source, "server");
  EXPECT_EQ(server.status, "active");
  const auto rounds = nlohmann::json::parse(server.rounds_json);
  ASSERT_EQ(rounds.size(), 2u);
  EXPECT_EQ(rounds[0]["roundIndex"], 0);
  EXPECT_EQ(rounds[0]["career"], "Alpha One");
  EXPECT_EQ(rounds[0]["status"], "solved");
  EXPECT_EQ(rounds[0]["teamsRevealed"], 2);
  EXPECT_TRUE(rounds[0]["guesses"].is_array());
  EXPECT_EQ(rounds[1]["career"], "Beta Two");
  EXPECT_TRUE(rounds[1]["endedAt"].is_null());

  ASSERT_EQ(data->consents.size(), 2u);
  EXPECT_EQ(data->consents[0].status, "granted");
  EXPECT_EQ(data->consents[1].status, "revoked");
  ASSERT_EQ(data->audit.size(), 2u);  // by and about; none of bob's
  EXPECT_EQ(data->audit[0].actor, ann.public_id);
  EXPECT_EQ(data->audit[1].resource_id, ann.public_id);
  EXPECT_EQ(data->refresh_sessions, 2);
  EXPECT_TRUE(data->api_keys.empty());

  EXPECT_FALSE(store().collect_personal_data("00000000-0000-4000-8000-000000000000"));
}

TEST_P(StoreGdpr, EraseLeavesNoRowPointingAtThePerson) {
  seed_small_catalog(store());
  const Person ann = populate("ann");
  const Person bob = populate("bob");
  const std::string sealed =
      db().scalar("SELECT email FROM users WHERE public_id = '" + ann.public_id + "'");
  ASSERT_EQ(sealed, pii_->seal(ann.email));
  const std::string index = pii_->blind_index(ann.email);

  const auto out = erase_sync(ann.public_id, ann.public_id);  // she asked herself
  ASSERT_FALSE(out.error) << out.error.message;
  EXPECT_TRUE(out.found);
  EXPECT_EQ(out.games_anonymised, 2);
  EXPECT_EQ(out.consents_deleted, 2);
  EXPECT_EQ(out.sessions_deleted, 2);
  EXPECT_EQ(out.exports_deleted, 2);  // hers, and the admin's export about her
  EXPECT_EQ(out.audit_scrubbed, 2);
  EXPECT_FALSE(out.deletion_id.empty());

  for (const std::string& needle :
       {ann.public_id, ann.email, sealed, index, ann.name, ann.ip, std::string("agent-ann")}) {
    EXPECT_TRUE(where_found(needle).empty())
        << "'" << needle << "' still in " << ::testing::PrintToString(where_found(needle));
  }
  // The anonymous results stay for the aggregates; the audit keeps what happened.
  EXPECT_EQ(store().count_games(), 4);
  EXPECT_EQ(db().scalar("SELECT count(*) FROM games WHERE user_id IS NULL"), "2");
  EXPECT_EQ(db().scalar("SELECT count(*) FROM game_rounds"), "4");
  EXPECT_EQ(db().scalar("SELECT count(*) FROM audit_logs WHERE actor = 'erased:ref-36'"
                        " OR resource_id = 'erased:ref-36'"),
            "2");
  EXPECT_EQ(db().scalar("SELECT subject_ref || '|' || requested_by || '|' || request_id || '|' ||"
                        " json_extract(counts_json, '$.games') FROM data_deletions"
                        " WHERE public_id = '" +
                        out.deletion_id + "'"),
            "ref-36|erased:ref-36|req-erase|2");

  // Bob is untouched.
  const auto bob_data = store().collect_personal_data(bob.public_id);
  ASSERT_TRUE(bob_data);
  EXPECT_EQ(bob_data->user.email, bob.email);
  EXPECT_EQ(bob_data->games.size(), 2u);
  EXPECT_EQ(bob_data->consents.size(), 2u);
  EXPECT_EQ(bob_data->audit.size(), 2u);
  EXPECT_EQ(bob_data->refresh_sessions, 2);
  EXPECT_EQ(bob_data->games[0].ip, bob.ip);
  EXPECT_FALSE(where_found(bob.ip).empty());

  EXPECT_FALSE(store().find_user_by_email(ann.email));
  EXPECT_FALSE(store().collect_personal_data(ann.public_id));
  const auto again = erase_sync(ann.public_id, "admin-1");
  EXPECT_FALSE(again.error);
  EXPECT_FALSE(again.found);
  EXPECT_EQ(db().scalar("SELECT count(*) FROM data_deletions"), "1");
}

TEST_P(StoreGdpr, AnAdminErasureRecordsTheAdminAsRequester) {
  const auto user = create_account_sync(store(), "solo@example.com", "Solo").user;
  ASSERT_TRUE(user);
  const auto out = erase_sync(user->public_id, "admin-7");
  ASSERT_TRUE(out.found);
  EXPECT_EQ(out.games_anonymised, 0);
  EXPECT_EQ(db().scalar("SELECT requested_by FROM data_deletions"), "admin-7");
  EXPECT_EQ(db().scalar("SELECT count(*) FROM users"), "0");
}

}  // namespace
}  // namespace jm::store::testing
