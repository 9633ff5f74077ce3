#pragma once
// hiredis's event-library hooks (addRead/delRead/addWrite/delWrite/cleanup) on a
// Boost.Asio posix::stream_descriptor: hiredis asks to be told when its socket is
// readable or writable, the descriptor's async_wait tells it. The socket stays
// hiredis's: cleanup releases it from Asio without closing it.
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

struct redisAsyncContext;

namespace jm::infra {

class AsioRedisAdapter : public std::enable_shared_from_this<AsioRedisAdapter> {
 public:
  // Installs the hooks on `ac` (whose fd must be open). The adapter lives while hiredis
  // holds it (until cleanup) or a wait is pending, whichever is later.
  static std::shared_ptr<AsioRedisAdapter> attach(redisAsyncContext* ac,
                                                  boost::asio::io_context& io);

  explicit AsioRedisAdapter(boost::asio::io_context& io) : descriptor_(io) {}

 private:
  static void add_read(void* self);
  static void del_read(void* self);
  static void add_write(void* self);
  static void del_write(void* self);
  static void cleanup(void* self);

  void wait_read();
  void wait_write();

  boost::asio::posix::stream_descriptor descriptor_;
  redisAsyncContext* ac_ = nullptr;               // null once hiredis cleaned up
  std::shared_ptr<AsioRedisAdapter> keep_alive_;  // hiredis's reference, dropped in cleanup
  bool want_read_ = false, want_write_ = false;
  bool reading_ = false, writing_ = false;  // a wait is pending
};

}  // namespace jm::infra
