#pragma once
// SQL for GDPR export/erasure, jobs, retention and re-sealing (PostgreSQL). Semantics
// follow the SQLite store statement for statement.
#include "store/postgres/pg_connection.hpp"

namespace jm::store::postgres::sql {

// Rounds come as one JSON array per game, in round order.
inline const Sql kPersonalGames{
    "jm_personal_games",
    "SELECT g.session_id, g.mode, g.game_type, g.source, g.status, g.duration_seconds,"
    " g.correct_count, g.guess_count, g.score, g.shared_on_social, g.guesses_json,"
    " g.metadata_json, g.ip, g.user_agent, g.created_at, g.finished_at,"
    " coalesce((SELECT json_agg(json_build_object('roundIndex', gr.round_index,"
    "   'career', p.name, 'status', gr.status, 'teamsRevealed', gr.teams_revealed,"
    "   'hintsUsed', gr.hints_used, 'guessCount', gr.guess_count, 'points', gr.points,"
    "   'guesses', gr.guesses_json, 'startedAt', gr.started_at, 'endedAt', gr.ended_at)"
    "   ORDER BY gr.round_index)"
    "  FROM game_rounds gr JOIN nfl_players p ON p.id = gr.nfl_player_id"
    "  WHERE gr.game_id = g.id), '[]'::json)"
    " FROM games g WHERE g.user_id = $1 ORDER BY g.created_at, g.id"};

// Erasure: $1 = users.id, $2 = public id, $3 = the "erased:<ref>" marker. The games
// stay for the anonymous aggregates; metadata_json goes because clients put browser
// details in it.
inline const Sql kAnonymiseGames{
    "jm_erase_games",
    "UPDATE games SET user_id = NULL, ip = NULL, user_agent = NULL, metadata_json = '{}'"
    " WHERE user_id = $1"};
inline const Sql kDeleteConsents{"jm_erase_consents",
                                 "DELETE FROM user_consents WHERE user_id = $1"};
inline const Sql kDeleteSessions{"jm_erase_sessions", "DELETE FROM sessions WHERE user_id = $1"};
// Jobs owned by the person (their exports), and any other job whose payload or result
// names them. A running job is left to finish: its worker still holds it.
inline const Sql kDeleteJobsOf{"jm_erase_jobs",
                               "DELETE FROM jobs WHERE owner_public_id = $1 OR (status <> 'running'"
                               " AND (strpos(payload_json::text, $1) > 0 OR "
                               "strpos(coalesce(result_json::text, ''), $1) > 0))"};
// The audit trail keeps what happened, not to whom.
inline const Sql kScrubAudit{
    "jm_erase_audit",
    "UPDATE audit_logs SET actor = CASE WHEN actor = $1 THEN $2 ELSE actor END,"
    " resource_id = CASE WHEN resource_id = $1 THEN $2 ELSE resource_id END,"
    " ip = NULL, user_agent = NULL, details_json = '{}'"
    " WHERE actor = $1 OR resource_id = $1"};
inline const Sql kDeleteUser{"jm_erase_user", "DELETE FROM users WHERE id = $1"};
inline const Sql kRecordDeletion{
    "jm_record_deletion",
    "INSERT INTO data_deletions(public_id, subject_ref, requested_by, request_id, counts_json,"
    " created_at) VALUES($1, $2, $3, $4,"
    " json_build_object('games', $5::int, 'consents', $6::int, 'audit', $7::int,"
    "  'sessions', $8::int, 'exports', $9::int), $10)"};

#define JM_PG_JOB_COLUMNS                                                                    \
  "id, public_id, kind, payload_json, status, attempts, run_after, result_json, last_error," \
  " owner_public_id, expires_at, created_at, updated_at, lease_until"

inline const Sql kInsertJob{
    "jm_insert_job",
    "INSERT INTO jobs(public_id, kind, payload_json, status, attempts, run_after,"
    " owner_public_id, created_at, updated_at)"
    " VALUES($1, $2, $3, 'queued', 0, $4, $5, $6, $6) RETURNING " JM_PG_JOB_COLUMNS};
inline const Sql kCountQueuedJobs{"jm_count_queued_jobs",
                                  "SELECT count(*) FROM jobs WHERE status = 'queued'"};
inline const Sql kFindJob{"jm_find_job",
                          "SELECT " JM_PG_JOB_COLUMNS " FROM jobs WHERE public_id = $1"};
// Oldest due first: a queued job whose time has come, or a running one whose lease ran
// out (its worker died). SKIP LOCKED: instances claiming at the same moment take
// different jobs instead of waiting for each other. $3 = lease_until.
inline const Sql kClaimJob{
    "jm_claim_job_leased",
    "UPDATE jobs SET status = 'running', attempts = attempts + 1,"
    " locked_by = $1, locked_at = $2, lease_until = $3, updated_at = $2"
    " WHERE id = (SELECT id FROM jobs WHERE (status = 'queued' AND run_after <= $2)"
    "  OR (status = 'running' AND lease_until < $2)"
    "  ORDER BY run_after, id LIMIT 1 FOR UPDATE SKIP LOCKED)"
    " RETURNING " JM_PG_JOB_COLUMNS};
// $1 id, $2 worker, $3 attempt: the claim; $4 new lease_until, $5 now.
inline const Sql kRenewJobLease{
    "jm_renew_job_lease",
    "UPDATE jobs SET lease_until = $4, updated_at = $5"
    " WHERE id = $1 AND status = 'running' AND locked_by = $2 AND attempts = $3"};
// $2 status: done | queued (retry) | failed. A retry keeps run_after moving forward.
// Only the claim $8 (worker) / $9 (attempt) may finish the job.
inline const Sql kFinishJob{
    "jm_finish_job_leased",
    "UPDATE jobs SET status = $2, result_json = $3::json, last_error = $4,"
    " run_after = coalesce($5::bigint, run_after), expires_at = $6, locked_by = NULL,"
    " locked_at = NULL, lease_until = NULL, updated_at = $7"
    " WHERE id = $1 AND status = 'running' AND locked_by = $8 AND attempts = $9"};

// Retention: $1 is a cutoff (or now); rows older than it go.
inline const Sql kRetainAudit{"jm_retain_audit", "DELETE FROM audit_logs WHERE created_at < $1"};
inline const Sql kRetainJobs{
    "jm_retain_jobs", "DELETE FROM jobs WHERE status IN ('done', 'failed') AND updated_at < $1"};
// An expired download: the job row stays (its status is still worth showing).
inline const Sql kRetainResults{
    "jm_retain_results",
    "UPDATE jobs SET result_json = NULL"
    " WHERE expires_at IS NOT NULL AND expires_at <= $1 AND result_json IS NOT NULL"};
inline const Sql kRetainMarketing{
    "jm_retain_marketing",
    "DELETE FROM user_consents WHERE consent_type = 'marketing' AND recorded_at < $1"};
// Visitors (no password) with nothing newer than the cutoff. Accounts are never
// removed by retention.
inline const Sql kInactiveVisitors{
    "jm_inactive_visitors",
    "SELECT u.public_id FROM users u WHERE u.password_hash IS NULL"
    " AND u.created_at < $1 AND u.updated_at < $1"
    " AND NOT EXISTS (SELECT 1 FROM games g WHERE g.user_id = u.id"
    "  AND GREATEST(g.created_at, coalesce(g.finished_at, 0)) >= $1)"
    " AND NOT EXISTS (SELECT 1 FROM user_consents c WHERE c.user_id = u.id"
    "  AND c.recorded_at >= $1)"
    " ORDER BY u.id"};
inline const Sql kRetainSessions{"jm_retain_sessions",
                                 "DELETE FROM sessions WHERE expires_at <= $1"};

inline const Sql kSealedEmails{"jm_sealed_emails",
                               "SELECT id, email FROM users WHERE email IS NOT NULL ORDER BY id"};
inline const Sql kResealEmail{"jm_reseal_email", "UPDATE users SET email = $2 WHERE id = $1"};

}  // namespace jm::store::postgres::sql
