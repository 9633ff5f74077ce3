#include "store/postgres/pg_error.hpp"

namespace jm::store::postgres {

StoreError to_store_error(const PgError& e) {
  const std::string& s = e.sqlstate();
  if (e.broken()) return {ErrorKind::unavailable, e.what()};
  if (s == "23505" || s == "23P01") return {ErrorKind::conflict, e.what()};  // unique, exclusion
  const std::string cls = s.substr(0, 2);
  if (cls == "23" || cls == "22") return {ErrorKind::invalid, e.what()};  // integrity, data
  // 08 connection, 53 resources (disk full, too many connections), 57 operator
  // intervention (shutdown, statement timeout), 58 system I/O, 25006 read-only
  // transaction (a replica or a failover in progress), 40P01/40001 a retryable clash.
  // 42P01 undefined table: the schema is not migrated (yet), as SQLite's "no such table".
  if (cls == "08" || cls == "53" || cls == "57" || cls == "58" || s == "25006" || s == "40P01" ||
      s == "40001" || s == "55P03" || s == "42P01") {
    return {ErrorKind::unavailable, e.what()};
  }
  return {ErrorKind::internal, e.what()};
}

}  // namespace jm::store::postgres
