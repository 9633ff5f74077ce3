#include "store/sqlite/audit_queries.hpp"

#include <algorithm>

#include "store/sqlite/record_rows.hpp"

namespace jm::store::sqlite {
namespace {

// Filter i of the mask binds parameter ?(i+1); the page adds LIMIT ?7 OFFSET ?8.
// Both ends of the time range are inclusive.
constexpr const char* kFilters[] = {"a.actor = ?1",         "a.action = ?2",
                                    "a.resource_type = ?3", "a.resource_id = ?4",
                                    "a.created_at >= ?5",   "a.created_at <= ?6"};
constexpr int kFilterCount = 6;

unsigned mask_of(const AuditQuery& q) {
  unsigned mask = 0;
  if (!q.actor.empty()) mask |= 1u << 0;
  if (!q.action.empty()) mask |= 1u << 1;
  if (!q.resource_type.empty()) mask |= 1u << 2;
  if (!q.resource_id.empty()) mask |= 1u << 3;
  if (q.since_ms > 0) mask |= 1u << 4;
  if (q.until_ms > 0) mask |= 1u << 5;
  return mask;
}

std::string where_clause(unsigned mask) {
  std::string where;
  for (int i = 0; i < kFilterCount; ++i) {
    if (!(mask & (1u << i))) continue;
    where += where.empty() ? " WHERE " : " AND ";
    where += kFilters[i];
  }
  return where;
}

void bind_filters(Statement& s, unsigned mask, const AuditQuery& q) {
  if (mask & (1u << 0)) s.bind(1, q.actor);
  if (mask & (1u << 1)) s.bind(2, q.action);
  if (mask & (1u << 2)) s.bind(3, q.resource_type);
  if (mask & (1u << 3)) s.bind(4, q.resource_id);
  if (mask & (1u << 4)) s.bind(5, q.since_ms);
  if (mask & (1u << 5)) s.bind(6, q.until_ms);
}

const std::string kAbout = std::string("SELECT ") + kAuditColumns +
                           " FROM audit_logs a WHERE a.actor = ?1 OR a.resource_id = ?1"
                           " ORDER BY a.created_at, a.id";

const std::string kCountQueuedJobs = "SELECT count(*) FROM jobs WHERE status = 'queued'";

const std::string kFindJob =
    std::string("SELECT ") + kJobColumns + " FROM jobs WHERE public_id = ?1";

}  // namespace

AuditPage AuditQueries::page(const AuditQuery& query) {
  const unsigned mask = mask_of(query);
  AuditPage out;
  // One snapshot, so the total and the page describe the same rows.
  ReadSnapshot snapshot(conn_);
  {
    Statement& s = prepare_once(conn_, counts_[mask],
                                "SELECT count(*) FROM audit_logs a" + where_clause(mask));
    ResetOnExit reset(s);
    bind_filters(s, mask, query);
    if (s.step()) out.total = s.column_int64(0);
  }
  {
    Statement& s = prepare_once(conn_, pages_[mask],
                                std::string("SELECT ") + kAuditColumns + " FROM audit_logs a" +
                                    where_clause(mask) +
                                    " ORDER BY a.created_at DESC, a.id DESC LIMIT ?7 OFFSET ?8");
    ResetOnExit reset(s);
    bind_filters(s, mask, query);
    // A negative LIMIT means "no limit" to SQLite; a caller's negative means nothing.
    s.bind(7, std::max(query.limit, 0));
    s.bind(8, std::max(query.offset, 0));
    while (s.step()) out.entries.push_back(audit_from_row(s));
  }
  snapshot.commit();
  return out;
}

std::vector<AuditEntry> AuditQueries::about(const std::string& public_id) {
  Statement& s = prepare_once(conn_, about_, kAbout);
  ResetOnExit reset(s);
  s.bind(1, public_id);
  std::vector<AuditEntry> out;
  while (s.step()) out.push_back(audit_from_row(s));
  return out;
}

std::optional<JobRecord> JobQueries::find(const std::string& public_id) {
  Statement& s = prepare_once(conn_, find_, kFindJob);
  ResetOnExit reset(s);
  s.bind(1, public_id);
  if (!s.step()) return std::nullopt;
  return job_from_row(s);
}

std::int64_t JobQueries::count_queued() {
  Statement& s = prepare_once(conn_, count_queued_, kCountQueuedJobs);
  ResetOnExit reset(s);
  return s.step() ? s.column_int64(0) : 0;
}

}  // namespace jm::store::sqlite
