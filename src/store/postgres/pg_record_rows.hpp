#pragma once
// Result row → record mappings for API keys, consents, audit entries and jobs; column
// orders are the JM_PG_*_COLUMNS lists of pg_account_sql.hpp / pg_job_sql.hpp.
#include "store/account_types.hpp"
#include "store/postgres/pg_result.hpp"

namespace jm::store::postgres {

ApiKeyRecord api_key_from(const Result& r, int row);
ConsentRecord consent_from(const Result& r, int row);
AuditEntry audit_from(const Result& r, int row);
JobRecord job_from(const Result& r, int row);

}  // namespace jm::store::postgres
