#pragma once
// SQL shared by several writers and readers: the SELECT that turns a games row into a
// SavedGame (writer answering a duplicate session_id, readers) and the user upsert.
#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"

namespace jm::store::sqlite {

// ?1 = session_id. Columns match saved_game_from_row. LEFT JOIN: an erased player's
// games keep existing with user_id NULL, and then have no player_id.
inline constexpr const char* kSelectGameBySession =
    "SELECT g.id, u.public_id, g.session_id, g.created_at, g.correct_count, g.game_type"
    " FROM games g LEFT JOIN users u ON u.id = g.user_id WHERE g.session_id = ?1";

// Upsert by email; the latest non-empty name wins. RETURNING gives the row id and
// public id whether the row was inserted or updated.
// ?1 = new public id, ?2 = name, ?3 = email, ?4 = now.
inline constexpr const char* kUpsertUser =
    "INSERT INTO users(public_id, name, email, created_at, updated_at)"
    " VALUES(?1, ?2, ?3, ?4, ?4)"
    " ON CONFLICT(email) DO UPDATE SET"
    "  name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE users.name END,"
    "  updated_at = excluded.updated_at"
    " RETURNING id, public_id";

SavedGame saved_game_from_row(const Statement& s);

}  // namespace jm::store::sqlite
