#pragma once
// The personal-data export (GDPR Art. 15/20): everything the store holds about one
// person as one JSON document. Pure: built from store::PersonalData.
#include <cstdint>
#include <nlohmann/json.hpp>

#include "store/store.hpp"

namespace jm::domain {

// {exportedAt, user, games[], consents[], auditLog[], refreshSessions}
nlohmann::json export_document(const store::PersonalData& data, std::int64_t now_ms);

// The original service's shape (GET /api/gdpr/export/:user_id):
// {user_id, export_date, personal_data{...}, activity_logs[...], consents[...]}
nlohmann::json legacy_export_data(const store::PersonalData& data, std::int64_t now_ms);

// Games a visitor played before the account existed belong to whoever owns the
// address; until it is verified, the account's own exports show only its own.
void drop_unverified_history(store::PersonalData& data);

nlohmann::json user_json(const store::UserRecord& user);
nlohmann::json consent_json(const store::ConsentRecord& consent);
nlohmann::json audit_json(const store::AuditEntry& entry);

}  // namespace jm::domain
