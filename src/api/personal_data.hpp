#pragma once
// Shared steps of the self-service (/api/v1/me) and compatible (/api/gdpr, /api/consent)
// data-protection routes: export, erasure and consent recording.
#include <nlohmann/json.hpp>

#include "api/context.hpp"
#include "http/types.hpp"

namespace jm::api {

// The keyed pseudonym that replaces a person's id in what survives erasure.
std::string subject_ref(const Context& ctx, const std::string& user_public_id);

// Erases the person (one store transaction) and answers through `respond` with the
// outcome; 404 when unknown. Sets the request's audit note so the log row written
// for this request does not point at the person either.
boost::asio::awaitable<std::optional<store::ErasureOutcome>> erase_person(
    http::Request& req, Context& ctx, const std::string& user_public_id);

// Records one consent change with the request's IP and user agent. `status` is a literal
// ("granted", "denied", "revoked"): no temporary string lives across the co_await.
boost::asio::awaitable<std::pair<store::ConsentRecord, store::StoreError>> record_consent(
    http::Request& req, Context& ctx, const std::string& user_public_id, const std::string& type,
    const char* status);

// The four consent types with their latest status ("none" when never recorded).
nlohmann::json current_consents(Context& ctx, const std::string& user_public_id);

}  // namespace jm::api
