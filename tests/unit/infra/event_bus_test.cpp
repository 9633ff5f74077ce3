#include "infra/event_bus.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace jm::infra {
namespace {

TEST(InProcessEventBus, DeliversToSubscribersOfTheChannelOnly) {
  InProcessEventBus bus;
  std::vector<std::string> pub, analyst;
  auto a = bus.subscribe("public", [&](const std::string& t) { pub.push_back(t); });
  auto b = bus.subscribe("analyst", [&](const std::string& t) { analyst.push_back(t); });
  bus.publish("public", "one");
  bus.publish("analyst", "two");
  bus.publish("nobody", "three");
  EXPECT_EQ(pub, std::vector<std::string>{"one"});
  EXPECT_EQ(analyst, std::vector<std::string>{"two"});
  EXPECT_EQ(bus.published(), 3u);
}

TEST(InProcessEventBus, DestroyingOrResettingTheHandleUnsubscribes) {
  InProcessEventBus bus;
  int first = 0, second = 0;
  auto a = bus.subscribe("public", [&](const std::string&) { ++first; });
  {
    auto b = bus.subscribe("public", [&](const std::string&) { ++second; });
    bus.publish("public", "x");
  }
  bus.publish("public", "y");
  EXPECT_EQ(first, 2);
  EXPECT_EQ(second, 1);
  a.reset();
  EXPECT_FALSE(a);
  bus.publish("public", "z");
  EXPECT_EQ(first, 2);
}

TEST(InProcessEventBus, AHandleMayOutliveTheBus) {
  EventBus::Subscription sub;
  {
    InProcessEventBus bus;
    sub = bus.subscribe("public", [](const std::string&) {});
  }
  sub.reset();  // must not touch the destroyed bus
  SUCCEED();
}

TEST(InProcessEventBus, ConcurrentPublishersLoseNothingAndCallbacksNeverOverlap) {
  InProcessEventBus bus;
  std::atomic<int> inside{0}, overlaps{0};
  int received = 0;  // guarded by the bus: one subscription's callbacks never run concurrently
  auto sub = bus.subscribe("public", [&](const std::string&) {
    if (inside.fetch_add(1) != 0) overlaps.fetch_add(1);
    ++received;
    inside.fetch_sub(1);
  });
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) bus.publish("public", "e");
    });
  }
  // Subscribing and unsubscribing meanwhile must not disturb deliveries.
  for (int i = 0; i < 200; ++i) auto churn = bus.subscribe("public", [](const std::string&) {});
  for (auto& t : threads) t.join();
  EXPECT_EQ(received, 8000);
  EXPECT_EQ(overlaps.load(), 0);
}

}  // namespace
}  // namespace jm::infra
