#pragma once
// HTTP semantics of cached representations: strong ETags, If-None-Match (→ 304), gzip
// variants and the cache key of a route + query. The cache itself is
// infra/response_cache.hpp; api/response_caching.hpp ties the two to the handlers.
#include <string>
#include <string_view>

#include "http/types.hpp"
#include "infra/response_cache.hpp"

namespace jm::http {

// Builds a representation: a strong ETag over the body (the first 128 bits of its SHA-256,
// so every instance names the same body alike and revalidation works behind a load
// balancer), plus a gzip copy when the body is ≥ 1 KiB and compresses (the gzip middleware's
// rule, paid once per computation instead of once per request).
infra::CachedResponsePtr make_cached_response(std::string body,
                                              std::string content_type = "application/json");

// "route?k=v&k2=v2": the query's parameters decoded, sorted and re-encoded, so "?b=1&a=2"
// and "?a=2&b=1" share an entry. Routes that validate their parameters do better to key on
// the validated values (then "limit=010" and "limit=10" share one too).
std::string cache_key(std::string_view route, std::string_view raw_query);

// RFC 9110 §13.1.2: If-None-Match uses the weak comparison: "*" matches any current
// representation; otherwise any listed entity tag matches when its opaque part equals
// `etag`'s, with or without W/ on either side. A malformed list matches nothing.
bool if_none_match_matches(std::string_view if_none_match, std::string_view etag);

// The answer to a GET/HEAD from `cached`: 304 Not Modified without a body when
// If-None-Match matches, else 200 with the body (the gzip copy when the client accepts
// gzip). Either carries ETag, `cache_control` and, when a gzip copy exists,
// Vary: Accept-Encoding. The gzip variant's ETag is the identity ETag with "-gz"
// appended inside the quotes (strong tags differ per representation).
Response cached_answer(const Request& req, const infra::CachedResponse& cached,
                       std::string_view cache_control);

}  // namespace jm::http
