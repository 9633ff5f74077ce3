#include "jobs/analytics_export_job.hpp"

#include <nlohmann/json.hpp>

#include "domain/reports/export_file.hpp"
#include "jobs/standard_jobs.hpp"
#include "security/pii_codec.hpp"
#include "store/report_pages.hpp"
#include "util/log.hpp"

namespace jm::jobs {

JobResult run_analytics_export(store::Store& store, const Config& config, const Clock& clock,
                               const security::Secrets& secrets, const store::JobRecord& job) {
  auto payload = nlohmann::json::parse(job.payload_json, nullptr, false);
  if (!payload.is_object() || !payload.contains("since") || !payload.contains("until")) {
    return {false, "", "payload has no period", std::nullopt};
  }
  store::ReportQuery query;
  query.since_ms = payload.value("since", std::int64_t{0});
  query.until_ms = payload.value("until", std::int64_t{0});
  query.mode = payload.value("mode", "");
  query.with_email = true;  // the pseudonyms are derived from it

  domain::reports::ExportOptions options;
  options.include_email = payload.value("includeEmail", false);
  domain::reports::Pseudonym pseudonym = [&secrets](std::string_view email) {
    return email.empty() ? std::string() : security::pseudonym(secrets, email);
  };
  // The file grows a page of games at a time; the games themselves are not kept. (A
  // braced list is evaluated in order: rows() is read before take() empties the file.)
  auto write = [&](auto file, const char* format, const char* field) {
    store::for_each_report_game(store, query, [&](const store::ReportGame& g) { file.add(g); });
    return nlohmann::json{{"rows", file.rows()}, {"format", format}, {field, file.take()}};
  };
  auto result = payload.value("format", "csv") == "json"
                    ? write(domain::reports::JsonExport(options, pseudonym), "json", "document")
                    : write(domain::reports::CsvExport(options, pseudonym), "csv", "content");
  log::info("analytics_exported", {{"jobId", job.public_id},
                                   {"rows", result["rows"]},
                                   {"format", result["format"]},
                                   {"includeEmail", options.include_email}});
  const auto now = clock.now_ms();
  return {true, result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "",
          now + config.accounts.export_ttl_hours * 3'600'000LL};
}

void install_analytics_export_job(JobRunner& runner, store::Store& store, const Config& config,
                                  const Clock& clock, const security::Secrets& secrets) {
  runner.on(kAnalyticsExportJob, [&store, &config, &clock, &secrets](const store::JobRecord& job) {
    return run_analytics_export(store, config, clock, secrets, job);
  });
}

}  // namespace jm::jobs
