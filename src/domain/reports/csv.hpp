#pragma once
// CSV as RFC 4180 writes it, made safe to open in a spreadsheet: a field with a comma,
// a double quote, CR or LF is quoted (quotes doubled), and a field that a spreadsheet
// would run as a formula (it starts with = + - @, a tab or CR) is prefixed with '.
#include <string>
#include <string_view>
#include <vector>

namespace jm::domain::reports {

// One field, guarded and quoted as needed.
std::string csv_field(std::string_view value);

// One record: the fields joined with ',' and ended with CRLF.
std::string csv_record(const std::vector<std::string>& fields);

}  // namespace jm::domain::reports
