#include <gtest/gtest.h>

#include "store/migrations.hpp"

TEST(Migrations, SqliteMigrationsAreEmbeddedInOrder) {
  auto ms = jm::store::migrations_for("sqlite");
  ASSERT_FALSE(ms.empty());
  for (size_t i = 1; i < ms.size(); ++i) EXPECT_LT(ms[i - 1].version, ms[i].version);
}
