#include "jobs/standard_jobs.hpp"

#include <nlohmann/json.hpp>

#include "domain/gdpr/export_document.hpp"
#include "store/blocking.hpp"
#include "util/log.hpp"

namespace jm::jobs {

namespace {

constexpr std::int64_t kDayMs = 86'400'000;

JobResult run_export(store::Store& store, const Config& config, const Clock& clock,
                     const store::JobRecord& job) {
  auto payload = nlohmann::json::parse(job.payload_json, nullptr, false);
  if (!payload.is_object() || !payload.contains("userId")) {
    return {false, "", "payload has no userId", std::nullopt};
  }
  auto data = store.collect_personal_data(payload["userId"].get<std::string>());
  if (!data) return {false, "", "the person no longer exists", std::nullopt};
  domain::drop_unverified_history(*data);
  auto now = clock.now_ms();
  return {true, domain::export_document(*data, now).dump(), "",
          now + config.accounts.export_ttl_hours * 3'600'000LL};
}

JobResult run_retention(store::Store& store, const Config& config, const Clock& clock) {
  auto report = store::wait_for<store::RetentionReport>([&](auto done) {
    store.apply_retention(retention_policy(config.accounts), clock.now_ms(),
                          config.accounts.retention_dry_run, std::move(done));
  });
  if (report.error) return {false, "", report.error.message, std::nullopt};
  auto json = retention_report_json(report);
  log::info("retention_applied", json);
  return {true, json.dump(), "", std::nullopt};
}

JobResult run_aggregates_rebuild(store::Store& store) {
  auto [json, error] = rebuild_aggregates(store);
  if (error) return {false, "", error.message, std::nullopt};
  log::info("aggregates_rebuilt", json);
  return {true, json.dump(), "", std::nullopt};
}

}  // namespace

std::pair<nlohmann::json, store::StoreError> rebuild_aggregates(store::Store& store) {
  auto [report, error] =
      store::wait_for<std::pair<store::AggregateRebuildReport, store::StoreError>>([&](auto done) {
        store.rebuild_aggregates(
            [done = std::move(done)](store::AggregateRebuildReport r, store::StoreError e) mutable {
              done({r, std::move(e)});
            });
      });
  return {{{"dailyRows", report.daily_rows},
           {"durationRows", report.duration_rows},
           {"monthlyRows", report.monthly_rows},
           {"monthlyPlayerRows", report.member_rows},
           {"careerRows", report.career_rows}},
          std::move(error)};
}

store::RetentionPolicy retention_policy(const AccountsConfig& c) {
  store::RetentionPolicy p;
  p.audit_logs_ms = c.retention_audit_days * kDayMs;
  p.temporary_ms = c.retention_temporary_days * kDayMs;
  p.marketing_ms = c.retention_marketing_days * kDayMs;
  p.inactive_profile_ms = c.retention_inactive_profile_days * kDayMs;
  return p;
}

nlohmann::json retention_report_json(const store::RetentionReport& r) {
  return {{"dryRun", r.dry_run},
          {"auditLogs", r.audit_logs},
          {"temporary", r.temporary},
          {"marketingConsents", r.marketing_consents},
          {"inactiveProfiles", r.inactive_profiles},
          {"expiredSessions", r.expired_sessions},
          {"expiredExports", r.expired_exports}};
}

void install_standard_jobs(JobRunner& runner, store::Store& store, const Config& config,
                           const Clock& clock, std::function<void()> on_players_removed) {
  runner.on(kExportJob, [&store, &config, &clock](const store::JobRecord& job) {
    return run_export(store, config, clock, job);
  });
  runner.on(kRetentionJob, [&store, &config, &clock,
                            removed = std::move(on_players_removed)](const store::JobRecord&) {
    auto result = run_retention(store, config, clock);
    if (result.ok && !config.accounts.retention_dry_run && removed) removed();
    return result;
  });
  runner.every(kRetentionJob, config.accounts.retention_interval_minutes * 60'000LL);
  // On demand only (enqueued by an operator or an admin tool): the aggregates are kept
  // current by every write, so a rebuild is a repair, not a routine.
  runner.on(kAggregatesRebuildJob,
            [&store](const store::JobRecord&) { return run_aggregates_rebuild(store); });
}

}  // namespace jm::jobs
