#include "infra/redis/asio_adapter.hpp"

#include <hiredis/async.h>

namespace jm::infra {

namespace {

AsioRedisAdapter* self_of(void* p) {
  return static_cast<AsioRedisAdapter*>(p);
}

}  // namespace

std::shared_ptr<AsioRedisAdapter> AsioRedisAdapter::attach(redisAsyncContext* ac,
                                                           boost::asio::io_context& io) {
  auto adapter = std::make_shared<AsioRedisAdapter>(io);
  adapter->ac_ = ac;
  adapter->descriptor_.assign(ac->c.fd);
  adapter->keep_alive_ = adapter;
  ac->ev.data = adapter.get();
  ac->ev.addRead = &AsioRedisAdapter::add_read;
  ac->ev.delRead = &AsioRedisAdapter::del_read;
  ac->ev.addWrite = &AsioRedisAdapter::add_write;
  ac->ev.delWrite = &AsioRedisAdapter::del_write;
  ac->ev.cleanup = &AsioRedisAdapter::cleanup;
  return adapter;
}

void AsioRedisAdapter::add_read(void* p) {
  auto* self = self_of(p);
  self->want_read_ = true;
  self->wait_read();
}

void AsioRedisAdapter::del_read(void* p) {
  self_of(p)->want_read_ = false;  // a pending wait finds this and does nothing
}

void AsioRedisAdapter::add_write(void* p) {
  auto* self = self_of(p);
  self->want_write_ = true;
  self->wait_write();
}

void AsioRedisAdapter::del_write(void* p) {
  self_of(p)->want_write_ = false;
}

// hiredis is freeing the context (and will close the socket itself).
void AsioRedisAdapter::cleanup(void* p) {
  auto* self = self_of(p);
  self->ac_ = nullptr;
  self->want_read_ = self->want_write_ = false;
  if (self->descriptor_.is_open()) self->descriptor_.release();  // cancels pending waits
  // Last: may destroy the adapter unless a wait handler still holds it.
  auto keep = std::move(self->keep_alive_);
}

// At most one wait per direction; hiredis's add/del calls only flip the wish.
void AsioRedisAdapter::wait_read() {
  if (reading_ || !ac_) return;
  reading_ = true;
  descriptor_.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                         [self = shared_from_this()](const boost::system::error_code& ec) {
                           self->reading_ = false;
                           if (ec || !self->ac_ || !self->want_read_) return;
                           // May free the context (EOF): cleanup runs inside, `self` holds us.
                           redisAsyncHandleRead(self->ac_);
                         });
}

void AsioRedisAdapter::wait_write() {
  if (writing_ || !ac_) return;
  writing_ = true;
  descriptor_.async_wait(boost::asio::posix::stream_descriptor::wait_write,
                         [self = shared_from_this()](const boost::system::error_code& ec) {
                           self->writing_ = false;
                           if (ec || !self->ac_ || !self->want_write_) return;
                           redisAsyncHandleWrite(self->ac_);
                         });
}

}  // namespace jm::infra
