#pragma once
// SQL shared by several writers and readers: the SELECT that turns a games row into a
// SavedGame (writer answering a duplicate session_id, readers). The visitor upsert
// lives in user_rows.hpp.
#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"

namespace jm::store::sqlite {

// ?1 = session_id. Columns match saved_game_from_row. LEFT JOIN: an erased player's
// games keep existing with user_id NULL, and then have no player_id.
inline constexpr const char* kSelectGameBySession =
    "SELECT g.id, u.public_id, g.session_id, g.created_at, g.correct_count, g.game_type"
    " FROM games g LEFT JOIN users u ON u.id = g.user_id WHERE g.session_id = ?1";

SavedGame saved_game_from_row(const Statement& s);

}  // namespace jm::store::sqlite
