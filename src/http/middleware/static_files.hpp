#pragma once
#include <memory>
#include <string>

#include "http/middleware.hpp"

namespace jm::http {

// Serves files under `root` (the built web app) for requests no route matched.
std::unique_ptr<Middleware> make_static_files(const std::string& root);

}  // namespace jm::http
