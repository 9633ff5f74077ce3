#include "store/sqlite/game_rows.hpp"

namespace jm::store::sqlite {

SavedGame saved_game_from_row(const Statement& s) {
  SavedGame g;
  g.game_id = s.column_int64(0);
  g.player_id = s.column_text(1);
  g.session_id = s.column_text(2);
  g.saved_at_ms = s.column_int64(3);
  g.correct_count = s.column_optional_int(4);
  g.game_type = s.column_text(5);
  return g;
}

}  // namespace jm::store::sqlite
