#pragma once
// The game writes as ops of the PostgreSQL group-commit writer.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/postgres/pg_write_op.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace jm::store::postgres {

// What every game op needs besides its own data.
struct GameOpContext {
  const PiiCodec& codec;
  const Clock& clock;
};

// save_game: one op. save_games: one op per game, answered together once all settled.
std::unique_ptr<WriteOp> make_save_game_op(const GameOpContext& ctx, NewGame game,
                                           std::function<void(SaveOutcome)> done);
std::vector<std::unique_ptr<WriteOp>> make_save_games_ops(
    const GameOpContext& ctx, std::vector<NewGame> games,
    std::function<void(std::vector<SaveOutcome>)> done);

std::unique_ptr<WriteOp> make_create_server_game_op(const GameOpContext& ctx, NewGame game,
                                                    std::string state_json,
                                                    std::optional<int> puzzle_number,
                                                    std::function<void(SaveOutcome)> done);
std::unique_ptr<WriteOp> make_update_game_op(const GameOpContext& ctx, GameStateUpdate update,
                                             std::function<void(StoreError)> done);

// Borrows the rows; the caller waits for `done` before they go away.
std::unique_ptr<WriteOp> make_nfl_upsert_op(const std::vector<TeamRow>& teams,
                                            const std::vector<CareerRow>& careers,
                                            std::function<void(SeedCounts, StoreError)> done);

// Reads a SavedGame by session id (kFindGame); nullopt when absent.
std::optional<SavedGame> find_game(Connection& conn, const std::string& session_id);

}  // namespace jm::store::postgres
