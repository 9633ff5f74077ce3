#pragma once
// Thrown when a dependency (the database, later Redis) cannot serve a request right
// now. The HTTP pipeline answers it with 503 + Retry-After instead of a 500: the
// request was fine, the service will be back.
#include <stdexcept>

namespace jm {

class DependencyUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace jm
