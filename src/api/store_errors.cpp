#include "api/store_errors.hpp"

#include "util/log.hpp"

namespace jm::api {

http::Response store_error_response(const http::Request& req, const store::StoreError& error) {
  using store::ErrorKind;
  switch (error.kind) {
    case ErrorKind::unavailable: {
      log::warn("store_unavailable", {{"requestId", req.request_id}, {"detail", error.message}});
      auto res = http::error_response(req, http::Status::service_unavailable, "unavailable",
                                      "Storage is temporarily unavailable; retry shortly");
      res.set(http::beast_http::field::retry_after, "1");
      return res;
    }
    case ErrorKind::conflict:
      return http::error_response(req, http::Status::conflict, "conflict", error.message);
    case ErrorKind::invalid:
      return http::error_response(req, http::Status::unprocessable_entity, "invalid",
                                  error.message);
    default:
      log::error("store_error", {{"requestId", req.request_id}, {"detail", error.message}});
      return http::error_response(req, http::Status::internal_server_error, "internal_error",
                                  "Internal server error");
  }
}

}  // namespace jm::api
