#pragma once
// One registration function per resource file.
#include "api/context.hpp"
#include "http/router.hpp"

namespace jm::api {

void register_health_routes(http::Router& router, Context& ctx);
void register_game_data_routes(http::Router& router, Context& ctx);
void register_game_routes(http::Router& router, Context& ctx);
void register_puzzle_routes(http::Router& router, Context& ctx);
void register_auth_routes(http::Router& router, Context& ctx);
void register_me_routes(http::Router& router, Context& ctx);
void register_gdpr_routes(http::Router& router, Context& ctx);
void register_crypto_routes(http::Router& router, Context& ctx);
void register_admin_routes(http::Router& router, Context& ctx);
// The original's analytics pages, leaderboard, admin stats and analytics export.
void register_analytics_compat_routes(http::Router& router, Context& ctx);
void register_analytics_export_routes(http::Router& router, Context& ctx);
void register_metrics_routes(http::Router& router, Context& ctx);
void register_analytics_routes(http::Router& router, Context& ctx);

}  // namespace jm::api
