#pragma once
// The standard middleware steps, in the order app.cpp installs them.
#include <memory>
#include <string>
#include <vector>

#include "http/middleware.hpp"
#include "http/router.hpp"
#include "infra/metrics.hpp"

namespace jm::http {

// Counts every response (journeyman_http_requests_total{route,method,status}) and times it
// (journeyman_http_request_duration_seconds{route}). Installed first so it sees every final
// answer; `router` must hold the routes already (their children are resolved up front).
std::unique_ptr<Middleware> make_request_metrics(const Router& router,
                                                 infra::Registry& registry = infra::metrics());
// One JSON line per request (after the response is final): id, method, path, status,
// duration, ip, user agent, bytes.
std::unique_ptr<Middleware> make_access_log(bool enabled);
// Echoes X-Request-Id on every response.
std::unique_ptr<Middleware> make_request_id_header();
// CSP, HSTS, X-Frame-Options, nosniff, Referrer-Policy, Permissions-Policy, ...
std::unique_ptr<Middleware> make_security_headers();
// Answers preflights and adds CORS headers for allow-listed origins only.
std::unique_ptr<Middleware> make_cors(std::vector<std::string> allowed_origins);
// gzip (level 6) for compressible bodies above 1 KiB when the client accepts it.
std::unique_ptr<Middleware> make_gzip();
// URL length (414), content type of bodies (415), JSON parsing (400).
std::unique_ptr<Middleware> make_body_checks();

}  // namespace jm::http
