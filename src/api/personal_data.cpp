#include "api/personal_data.hpp"

#include "api/response_caching.hpp"
#include "domain/accounts/credentials_input.hpp"
#include "domain/gdpr/export_document.hpp"
#include "security/hmac.hpp"
#include "security/secrets.hpp"
#include "store/await.hpp"

namespace jm::api {

namespace {
constexpr std::size_t kMaxUserAgent = 256;
}

std::string subject_ref(const Context& ctx, const std::string& user_public_id) {
  return security::hmac_sha256_hex(ctx.secrets->pseudonym_key, user_public_id).substr(0, 32);
}

boost::asio::awaitable<std::optional<store::ErasureOutcome>> erase_person(
    http::Request& req, Context& ctx, const std::string& user_public_id) {
  store::ErasureRequest request;
  request.user_public_id = user_public_id;
  request.request_id = req.request_id;
  request.subject_ref = subject_ref(ctx, user_public_id);
  request.now_ms = ctx.clock.now_ms();
  bool self = req.principal.id == user_public_id;
  request.requested_by = self ? "self" : req.principal.actor();
  auto erased = "erased:" + request.subject_ref;
  auto outcome = co_await store::await_callback<store::ErasureOutcome>(
      [&](auto done) { ctx.store.erase_user(std::move(request), std::move(done)); });
  // The audit row of this request must not point at the person it erased.
  req.audit.resource_id = erased;
  if (self) req.audit.actor = {http::Principal::Kind::user, erased, req.principal.role, 0};
  if (!outcome.error && !outcome.found) co_return std::nullopt;
  // The person's games leave the boards and the statistics with them.
  if (!outcome.error) invalidate_game_derived(ctx);
  req.audit.details = {{"deletionId", outcome.deletion_id},
                       {"gamesAnonymised", outcome.games_anonymised}};
  co_return outcome;
}

boost::asio::awaitable<std::pair<store::ConsentRecord, store::StoreError>> record_consent(
    http::Request& req, Context& ctx, const std::string& user_public_id, const std::string& type,
    const char* status) {
  store::ConsentRecord record;
  record.user_public_id = user_public_id;
  record.consent_type = type;
  record.status = status;
  record.recorded_at_ms = ctx.clock.now_ms();
  record.ip = req.remote_ip;
  record.user_agent = std::string(req.header("User-Agent").substr(0, kMaxUserAgent));
  using Result = std::pair<store::ConsentRecord, store::StoreError>;
  req.audit.resource_id = user_public_id;
  req.audit.details = {{"type", type}, {"status", status}};
  co_return co_await store::await_callback<Result>([&](auto done) {
    ctx.store.record_consent(std::move(record),
                             [done](store::ConsentRecord r, store::StoreError e) {
                               done(Result{r, e});
                             });
  });
}

nlohmann::json current_consents(Context& ctx, const std::string& user_public_id) {
  auto records = ctx.store.consents(user_public_id, false);
  auto list = nlohmann::json::array();
  for (const char* type : domain::kConsentTypes) {
    nlohmann::json item = {{"type", type}, {"status", "none"}};
    for (const auto& r : records) {
      if (r.consent_type != type) continue;
      item = domain::consent_json(r);
      item.erase("ip");
      item.erase("userAgent");
    }
    list.push_back(std::move(item));
  }
  return list;
}

}  // namespace jm::api
