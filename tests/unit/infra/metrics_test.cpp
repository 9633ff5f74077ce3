#include "infra/metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <thread>

#include "prometheus_parser.hpp"

namespace jm::infra {
namespace {

using test::parse_prometheus_text;

// Parses and fails the test on any format error.
test::PromParse parse_ok(const std::string& text) {
  auto parsed = parse_prometheus_text(text);
  for (const auto& e : parsed.errors) ADD_FAILURE() << e << "\n--- text ---\n" << text;
  for (const auto& f : parsed.families) {
    EXPECT_TRUE(f.has_help) << f.name << " has no HELP";
    EXPECT_FALSE(f.type.empty()) << f.name << " has no TYPE";
  }
  return parsed;
}

TEST(MetricsRegistry, CountersRenderWithHelpTypeAndLabels) {
  Registry r;
  auto& requests = r.counter("app_requests_total", "Requests served.", {"route", "status"});
  requests.labels({"/a", "200"}).inc();
  requests.labels({"/a", "200"}).inc(2);
  requests.labels({"/b", "404"}).add(0.5);
  requests.labels({"/b", "404"}).add(-3);  // ignored: counters only go up

  auto text = r.render();
  EXPECT_NE(text.find("# HELP app_requests_total Requests served.\n"
                      "# TYPE app_requests_total counter\n"),
            std::string::npos);
  EXPECT_NE(text.find("app_requests_total{route=\"/a\",status=\"200\"} 3\n"), std::string::npos);
  auto parsed = parse_ok(text);
  EXPECT_EQ(parsed.value("app_requests_total", {{"route", "/b"}, {"status", "404"}}), 0.5);
}

TEST(MetricsRegistry, LabelValuesAreEscapedAndRoundTrip) {
  Registry r;
  const std::string nasty = "back\\slash \"quoted\"\nnew line";
  r.gauge("app_weird", "Help with \\ and\nnewline.", {"v"}).labels({nasty}).set(1);
  auto text = r.render();
  EXPECT_NE(text.find(R"(app_weird{v="back\\slash \"quoted\"\nnew line"} 1)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("# HELP app_weird Help with \\\\ and\\nnewline.\n"), std::string::npos);
  auto parsed = parse_ok(text);
  EXPECT_EQ(parsed.value("app_weird", {{"v", nasty}}), 1);
}

TEST(MetricsRegistry, HistogramBucketsAreCumulativeWithInfEqualToCount) {
  Registry r;
  auto& h = r.histogram("app_latency_seconds", "Latency.", {"route"}, {0.0005, 0.01, 1, 5})
                .labels({"/x"});
  for (double v : {0.0001, 0.0005, 0.002, 0.5, 1.0, 7.0}) h.observe(v);  // bounds are inclusive

  auto text = r.render();
  EXPECT_NE(text.find("app_latency_seconds_bucket{route=\"/x\",le=\"0.0005\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("app_latency_seconds_bucket{route=\"/x\",le=\"0.01\"} 3\n"),
            std::string::npos);
  EXPECT_NE(text.find("app_latency_seconds_bucket{route=\"/x\",le=\"1\"} 5\n"), std::string::npos);
  EXPECT_NE(text.find("app_latency_seconds_bucket{route=\"/x\",le=\"5\"} 5\n"), std::string::npos);
  EXPECT_NE(text.find("app_latency_seconds_bucket{route=\"/x\",le=\"+Inf\"} 6\n"),
            std::string::npos);
  EXPECT_NE(text.find("app_latency_seconds_count{route=\"/x\"} 6\n"), std::string::npos);
  auto parsed = parse_ok(text);
  EXPECT_NEAR(*parsed.value("app_latency_seconds_sum", {{"route", "/x"}}), 8.5026, 1e-9);
}

TEST(MetricsRegistry, SpecialValuesUsePrometheusSpelling) {
  EXPECT_EQ(format_value(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(format_value(INFINITY), "+Inf");
  EXPECT_EQ(format_value(-INFINITY), "-Inf");
  EXPECT_EQ(format_value(3), "3");
  EXPECT_EQ(format_value(0.25), "0.25");
  EXPECT_EQ(format_value(1e21), "1e+21");

  Registry r;
  auto& g = r.gauge("app_values", "Special values.", {"kind"});
  g.labels({"nan"}).set(std::numeric_limits<double>::quiet_NaN());
  g.labels({"inf"}).set(INFINITY);
  g.labels({"neg"}).set(-2.5);
  auto parsed = parse_ok(r.render());
  EXPECT_TRUE(std::isnan(*parsed.value("app_values", {{"kind", "nan"}})));
  EXPECT_EQ(parsed.value("app_values", {{"kind", "inf"}}), INFINITY);
  EXPECT_EQ(parsed.value("app_values", {{"kind", "neg"}}), -2.5);
}

TEST(MetricsRegistry, LabelLessFamiliesShowZeroAndLabelledOnesOnlyTheirHeader) {
  Registry r;
  r.counter("app_plain_total", "No labels.");
  r.counter("app_labelled_total", "Labels, no children yet.", {"kind"});
  auto text = r.render();
  EXPECT_NE(text.find("\napp_plain_total 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("# TYPE app_labelled_total counter\n"), std::string::npos);
  EXPECT_EQ(text.find("app_labelled_total{"), std::string::npos);
  parse_ok(text);
}

TEST(MetricsRegistry, RegistrationIsIdempotentAndChecked) {
  Registry r;
  auto& a = r.counter("app_x_total", "X.", {"k"});
  EXPECT_EQ(&a, &r.counter("app_x_total", "X again.", {"k"}));
  EXPECT_EQ(&a.labels({"v"}), &a.labels({"v"}));
  EXPECT_THROW(r.gauge("app_x_total", "Same name, other type."), std::invalid_argument);
  EXPECT_THROW(r.counter("app_x_total", "Other labels.", {"j"}), std::invalid_argument);
  EXPECT_THROW(r.counter("9starts_with_digit", "Bad."), std::invalid_argument);
  EXPECT_THROW(r.counter("has-dash", "Bad."), std::invalid_argument);
  EXPECT_THROW(r.counter("app_y_total", "Bad label.", {"__reserved"}), std::invalid_argument);
  EXPECT_THROW(r.counter("app_y_total", "Dup label.", {"a", "a"}), std::invalid_argument);
  EXPECT_THROW(r.histogram("app_h", "le is reserved.", {"le"}, {1}), std::invalid_argument);
  EXPECT_THROW(r.histogram("app_h", "Not increasing.", {}, {1, 1}), std::invalid_argument);
  EXPECT_THROW(r.histogram("app_h", "No buckets.", {}, {}), std::invalid_argument);
  EXPECT_THROW(a.labels({"one", "two"}), std::invalid_argument);
  auto& h = r.histogram("app_h", "Fine.", {}, {1, 2});
  EXPECT_THROW(r.histogram("app_h", "Other buckets.", {}, {1, 3}), std::invalid_argument);
  EXPECT_EQ(&h, &r.histogram("app_h", "Same.", {}, {1, 2}));
}

TEST(MetricsRegistry, CallbacksAreReadAtScrapeTimeAndUnregisterThemselves) {
  Registry r;
  double depth = 3;
  {
    auto reg = r.callback(MetricType::gauge, "app_queue_depth", "Queued.", [&] { return depth; });
    EXPECT_THROW(
        auto dup = r.callback(MetricType::counter, "app_queue_depth", "Dup.", [] { return 0.0; }),
        std::invalid_argument);
    EXPECT_THROW(auto hist = r.callback(MetricType::histogram, "app_h", "No.", [] { return 0.0; }),
                 std::invalid_argument);
    EXPECT_EQ(parse_ok(r.render()).value("app_queue_depth"), 3);
    depth = 7;
    EXPECT_EQ(parse_ok(r.render()).value("app_queue_depth"), 7);
    auto moved = std::move(reg);  // the moved-from handle must not unregister
    EXPECT_EQ(parse_ok(r.render()).value("app_queue_depth"), 7);
  }
  EXPECT_EQ(r.render().find("app_queue_depth"), std::string::npos);
  // The name is free again.
  auto again = r.callback(MetricType::counter, "app_queue_depth", "Reused.", [] { return 1.0; });
  EXPECT_EQ(parse_ok(r.render()).family("app_queue_depth")->type, "counter");
}

TEST(MetricsRegistry, ResetZeroesValuesButKeepsChildrenValid) {
  Registry r;
  auto& c = r.counter("app_c_total", "C.", {"k"}).labels({"v"});
  auto& h = r.histogram("app_h_seconds", "H.", {}, {1}).get();
  c.inc(5);
  h.observe(0.5);
  r.reset();
  EXPECT_EQ(c.value(), 0);
  c.inc();  // the cached reference still works
  auto parsed = parse_ok(r.render());
  EXPECT_EQ(parsed.value("app_c_total", {{"k", "v"}}), 1);
  EXPECT_EQ(parsed.value("app_h_seconds_count"), 0);
}

TEST(MetricsRegistry, ConcurrentUpdatesAreExactAndScrapesStayConsistent) {
  Registry r;
  auto& c = r.counter("app_hits_total", "Hits.", {"k"}).labels({"v"});
  auto& h = r.histogram("app_d_seconds", "D.", {}, {0.001, 0.01, 0.1}).get();
  constexpr int kThreads = 4, kPerThread = 20000;
  std::atomic<bool> done{false};
  std::thread scraper([&] {
    while (!done.load()) {
      auto parsed = parse_prometheus_text(r.render());
      ASSERT_TRUE(parsed.errors.empty()) << parsed.errors.front();
    }
  });
  std::vector<std::thread> workers;
  for (int t = 0; t < kThreads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        c.inc();
        h.observe(t * 0.004);
      }
    });
  }
  for (auto& w : workers) w.join();
  done = true;
  scraper.join();
  EXPECT_EQ(c.value(), kThreads * kPerThread);
  auto parsed = parse_ok(r.render());
  EXPECT_EQ(parsed.value("app_d_seconds_count"), kThreads * kPerThread);
  EXPECT_EQ(parsed.value("app_d_seconds_bucket", {{"le", "0.001"}}), kPerThread);     // t = 0
  EXPECT_EQ(parsed.value("app_d_seconds_bucket", {{"le", "0.01"}}), 3 * kPerThread);  // 0, 1, 2
}

TEST(MetricsRegistry, ProcessWideRegistryIsOneInstance) {
  EXPECT_EQ(&metrics(), &metrics());
}

// The checker must catch what it claims to, or the tests above prove nothing.
TEST(PrometheusParser, RejectsMalformedExpositions) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"bad metric name", "# TYPE a counter\n1a 1\n"},
      {"bad label name", "# TYPE a gauge\na{1x=\"v\"} 1\n"},
      {"unquoted label", "# TYPE a gauge\na{x=v} 1\n"},
      {"bad escape", "# TYPE a gauge\na{x=\"\\t\"} 1\n"},
      {"duplicate label", "# TYPE a gauge\na{x=\"1\",x=\"2\"} 1\n"},
      {"bad value", "# TYPE a gauge\na 1,5\n"},
      {"bad timestamp", "# TYPE a gauge\na 1 soon\n"},
      {"no final newline", "# TYPE a gauge\na 1"},
      {"TYPE after sample", "a 1\n# TYPE a gauge\n"},
      {"HELP after TYPE", "# TYPE a gauge\n# HELP a x\na 1\n"},
      {"unknown type", "# TYPE a thing\na 1\n"},
      {"negative counter", "# TYPE a_total counter\na_total -1\n"},
      {"family split", "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na 2\n"},
      {"inf != count",
       "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n"},
      {"no +Inf", "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n"},
      {"decreasing",
       "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"+Inf\"} "
       "2\nh_sum 1\nh_count 2\n"},
      {"le order",
       "# TYPE h histogram\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} "
       "1\nh_sum 1\nh_count 1\n"},
      {"no _sum", "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n"},
  };
  for (const auto& [why, text] : bad) {
    EXPECT_FALSE(parse_prometheus_text(text).errors.empty()) << why;
  }
  auto good = parse_prometheus_text(
      "# HELP h Latency.\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} "
      "2\nh_sum 3.5\nh_count 2\n# comment\n\n# TYPE g gauge\ng{a=\"x\\\"y\"} NaN 1700000000\n");
  EXPECT_TRUE(good.errors.empty()) << good.errors.front();
  EXPECT_EQ(good.value("g", {{"a", "x\"y"}}).has_value(), true);
}

}  // namespace
}  // namespace jm::infra
