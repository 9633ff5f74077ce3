#include "http/middleware/audit.hpp"

#include "http/router.hpp"

namespace jm::http {

namespace {

constexpr std::size_t kMaxUserAgent = 256;

bool is_read(Verb verb) {
  return verb == Verb::get || verb == Verb::head || verb == Verb::options;
}

class AuditLog final : public Middleware {
 public:
  AuditLog(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  void after(const Request& req, Response& res) override {
    const Route* route = req.route;
    if (!route) return;
    bool privileged_read =
        route->audit_reads || route->access == Access::analyst || route->access == Access::admin;
    if (is_read(req.method()) && !privileged_read) return;

    store::AuditEntry entry;
    const auto& who = req.audit.actor.authenticated() ? req.audit.actor : req.principal;
    entry.actor = who.actor();
    entry.actor_role = who.role;
    entry.action = route->audit_action;
    entry.resource_type = route->resource_type;
    entry.resource_id = !req.audit.resource_id.empty()  ? req.audit.resource_id
                        : route->resource_param.empty() ? std::string()
                                                        : req.param(route->resource_param);
    entry.ip = req.remote_ip;
    entry.user_agent = std::string(req.header("User-Agent").substr(0, kMaxUserAgent));
    entry.status = static_cast<int>(res.result_int());
    entry.request_id = req.request_id;
    if (!req.audit.details.is_null()) entry.details_json = req.audit.details.dump();
    entry.created_at_ms = clock_.now_ms();
    store_.append_audit(std::move(entry), nullptr);
  }

 private:
  store::Store& store_;
  const Clock& clock_;
};

}  // namespace

std::unique_ptr<Middleware> make_audit_log(store::Store& store, const Clock& clock) {
  return std::make_unique<AuditLog>(store, clock);
}

}  // namespace jm::http
