#pragma once
// The analytics export job (POST /export-analytics): reads the finished games of the
// requested period and writes a CSV or JSON file as the job's result, downloadable
// through GET /api/v1/jobs/:id/download until it expires.
//
// Payload: {"since": ms, "until": ms, "mode": "" | mode, "format": "csv" | "json",
//           "includeEmail": bool}   (includeEmail is only ever set for an admin)
// Result:  {"format":"csv","content":"<csv>","rows":n} or
//          {"format":"json","document":{"count":n,"rows":[...]},"rows":n}
#include "config/config.hpp"
#include "jobs/job_runner.hpp"
#include "security/secrets.hpp"

namespace jm::jobs {

JobResult run_analytics_export(store::Store& store, const Config& config, const Clock& clock,
                               const security::Secrets& secrets, const store::JobRecord& job);

void install_analytics_export_job(JobRunner& runner, store::Store& store, const Config& config,
                                  const Clock& clock, const security::Secrets& secrets);

}  // namespace jm::jobs
