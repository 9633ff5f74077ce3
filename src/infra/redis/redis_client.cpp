#include "infra/redis/redis_client.hpp"

#include <hiredis/async.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <random>
#include <thread>
#include <unordered_map>

#include "infra/redis/asio_adapter.hpp"
#include "store/await.hpp"
#include "util/log.hpp"

namespace jm::infra {

namespace asio = boost::asio;

namespace {

RedisReply convert(const redisReply* r) {
  RedisReply out;
  switch (r->type) {
    case REDIS_REPLY_STRING:
      out.type = RedisReply::Type::string;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = RedisReply::Type::status;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ERROR:
      out.type = RedisReply::Type::error;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_INTEGER:
      out.type = RedisReply::Type::integer;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.type = RedisReply::Type::array;
      out.elements.reserve(r->elements);
      for (std::size_t i = 0; i < r->elements; ++i) out.elements.push_back(convert(r->element[i]));
      break;
    default:
      out.type = RedisReply::Type::nil;
  }
  return out;
}

// privdata of the subscription callback; commands use their id (never 0).
constexpr std::uintptr_t kSubscriptionTag = 0;

}  // namespace

// Everything here runs on the client's thread, except the atomics in RedisClient.
struct RedisClient::Impl {
  enum class State { idle, connecting, ready, waiting, stopped };

  struct Pending {
    Callback callback;
    std::unique_ptr<asio::steady_timer> timer;
  };

  Impl(RedisClient& owner)
      : owner(owner),
        opts(owner.options_),
        work(asio::make_work_guard(io)),
        connect_timer(io),
        retry_timer(io),
        backoff(opts.backoff_initial),
        rng(std::random_device{}()) {}

  RedisClient& owner;
  const RedisClientOptions& opts;
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work;
  std::thread thread;
  std::atomic<bool> stopped{false};

  State state = State::idle;
  redisAsyncContext* ac = nullptr;
  std::shared_ptr<AsioRedisAdapter> adapter;
  asio::steady_timer connect_timer;
  asio::steady_timer retry_timer;
  std::chrono::milliseconds backoff;
  std::mt19937_64 rng;
  std::uint64_t next_id = 1;
  std::unordered_map<std::uint64_t, Pending> pending;

  std::map<std::string, MessageCallback, std::less<>> channels;  // fixed once started
  std::vector<std::function<void()>> ready_hooks;
  ErrorHook on_error;

  void error() {
    if (on_error) on_error();
  }

  void set_up(bool up) {
    bool was = owner.up_.exchange(up);
    if (was == up) return;
    if (up) {
      log::info("redis_up", {{"url", opts.url.for_logs()}, {"client", opts.name}});
    } else {
      log::warn("redis_down", {{"url", opts.url.for_logs()}, {"client", opts.name}});
    }
  }

  // --- connection life -------------------------------------------------------------

  void connect() {
    if (state == State::stopped) return;
    state = State::connecting;
    ac = redisAsyncConnect(opts.url.host.c_str(), opts.url.port);
    if (!ac || ac->err) {
      log::warn("redis_connect_failed",
                {{"url", opts.url.for_logs()}, {"why", ac ? ac->errstr : "out of memory"}});
      if (ac) redisAsyncFree(ac);
      ac = nullptr;
      error();
      schedule_retry();
      return;
    }
    ac->data = this;
    adapter = AsioRedisAdapter::attach(ac, io);
    redisAsyncSetConnectCallback(ac, &Impl::on_connect);
    redisAsyncSetDisconnectCallback(ac, &Impl::on_disconnect);
    connect_timer.expires_after(opts.connect_timeout);
    connect_timer.async_wait([this, c = ac](const boost::system::error_code& ec) {
      if (ec || c != ac || state != State::connecting) return;
      log::warn("redis_connect_failed", {{"url", opts.url.for_logs()}, {"why", "timeout"}});
      drop();
    });
  }

  static void on_connect(const redisAsyncContext* c, int status) {
    auto* self = static_cast<Impl*>(c->data);
    if (c != self->ac) return;
    if (status != REDIS_OK) {
      // hiredis frees the context after this callback.
      log::warn("redis_connect_failed",
                {{"url", self->opts.url.for_logs()}, {"why", c->errstr ? c->errstr : "?"}});
      self->ac = nullptr;
      self->connect_timer.cancel();
      self->error();
      self->schedule_retry();
      return;
    }
    self->handshake();
  }

  static void on_disconnect(const redisAsyncContext* c, int status) {
    auto* self = static_cast<Impl*>(c->data);
    if (c != self->ac) return;  // we dropped it ourselves and already reacted
    self->ac = nullptr;
    self->connect_timer.cancel();
    if (self->state == State::stopped) return;
    if (status != REDIS_OK) {
      log::warn("redis_disconnected",
                {{"url", self->opts.url.for_logs()}, {"why", c->errstr ? c->errstr : "?"}});
      self->error();
    }
    self->schedule_retry();
  }

  // AUTH, SELECT, CLIENT SETNAME, then PING: ready only when Redis answered them all,
  // still within the connect timeout.
  void handshake() {
    auto fail = [this](const char* what) {
      return [this, what](RedisResult result) {
        if (result.ok()) return;
        log::error("redis_handshake_failed",
                   {{"url", opts.url.for_logs()}, {"step", what}, {"why", result.reply.str}});
        // Not from inside a hiredis callback: free it from a fresh handler.
        asio::post(io, [this, c = ac] {
          if (c == ac) drop();
        });
      };
    };
    if (!opts.url.password.empty()) send({"AUTH", opts.url.password}, fail("AUTH"), true);
    if (opts.url.db != 0) send({"SELECT", std::to_string(opts.url.db)}, fail("SELECT"), true);
    send({"CLIENT", "SETNAME", opts.name}, fail("CLIENT SETNAME"), true);
    send(
        {"PING"},
        [this, c = ac](RedisResult result) {
          if (!result.ok() || c != ac || state != State::connecting) return;
          became_ready();
        },
        true);
  }

  void became_ready() {
    state = State::ready;
    connect_timer.cancel();
    backoff = opts.backoff_initial;
    owner.connects_.fetch_add(1);
    if (!channels.empty()) subscribe_all();
    set_up(true);
    for (auto& hook : ready_hooks) hook();
  }

  void subscribe_all() {
    std::vector<const char*> argv{"SUBSCRIBE"};
    std::vector<std::size_t> lens{9};
    for (const auto& [ch, callback] : channels) {
      argv.push_back(ch.c_str());
      lens.push_back(ch.size());
    }
    redisAsyncCommandArgv(ac, &Impl::on_subscription, reinterpret_cast<void*>(kSubscriptionTag),
                          static_cast<int>(argv.size()), argv.data(), lens.data());
  }

  static void on_subscription(redisAsyncContext* c, void* r, void*) {
    auto* self = static_cast<Impl*>(c->data);
    auto* reply = static_cast<redisReply*>(r);
    if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements != 3) return;
    auto* kind = reply->element[0];
    if (kind->type != REDIS_REPLY_STRING || std::string_view(kind->str, kind->len) != "message") {
      return;  // subscribe confirmations
    }
    auto* channel = reply->element[1];
    auto* payload = reply->element[2];
    if (channel->type != REDIS_REPLY_STRING || payload->type != REDIS_REPLY_STRING) return;
    auto it = self->channels.find(std::string_view(channel->str, channel->len));
    if (it != self->channels.end()) {
      it->second(it->first, std::string(payload->str, payload->len));
    }
  }

  // Frees the connection (never from inside a hiredis callback): pending commands get
  // `unavailable`, then a reconnect is scheduled.
  void drop() {
    auto* c = std::exchange(ac, nullptr);
    connect_timer.cancel();
    if (c) redisAsyncFree(c);
    if (state != State::stopped) {
      error();
      schedule_retry();
    }
  }

  void schedule_retry() {
    set_up(false);
    if (state == State::stopped) return;
    state = State::waiting;
    // Full jitter in [backoff/2, backoff]: instances that lost Redis together do not all
    // come back in the same millisecond.
    auto high = backoff.count();
    std::uniform_int_distribution<std::int64_t> pick(high / 2, high);
    retry_timer.expires_after(std::chrono::milliseconds(pick(rng)));
    backoff = std::min(opts.backoff_max, backoff * 2);
    retry_timer.async_wait([this](const boost::system::error_code& ec) {
      if (!ec && state == State::waiting) connect();
    });
  }

  void shutdown() {
    state = State::stopped;
    retry_timer.cancel();
    connect_timer.cancel();
    if (auto* c = std::exchange(ac, nullptr)) redisAsyncFree(c);
    // Commands whose reply hiredis already dropped are answered here.
    auto left = std::move(pending);
    for (auto& [id, p] : left) {
      if (p.timer) p.timer->cancel();
      p.callback(RedisResult{});
    }
    set_up(false);
    work.reset();
  }

  // --- commands ---------------------------------------------------------------------

  // `handshake`: allowed before the connection is ready.
  void send(const std::vector<std::string>& args, Callback callback, bool handshake = false) {
    bool usable = ac && (state == State::ready || (handshake && state == State::connecting));
    if (!usable) {
      callback(RedisResult{});
      return;
    }
    auto id = next_id++;
    std::vector<const char*> argv;
    std::vector<std::size_t> lens;
    argv.reserve(args.size());
    lens.reserve(args.size());
    for (const auto& a : args) {
      argv.push_back(a.data());
      lens.push_back(a.size());
    }
    if (redisAsyncCommandArgv(ac, &Impl::on_reply, reinterpret_cast<void*>(id),
                              static_cast<int>(argv.size()), argv.data(),
                              lens.data()) != REDIS_OK) {
      callback(RedisResult{});
      return;
    }
    auto& p = pending[id];
    p.callback = std::move(callback);
    p.timer = std::make_unique<asio::steady_timer>(io, opts.command_timeout);
    p.timer->async_wait([this, id](const boost::system::error_code& ec) {
      if (ec) return;
      auto it = pending.find(id);
      if (it == pending.end()) return;
      auto callback = std::move(it->second.callback);
      pending.erase(it);
      log::warn("redis_command_timeout",
                {{"url", opts.url.for_logs()}, {"timeoutMs", opts.command_timeout.count()}});
      callback(RedisResult{RedisResult::Outcome::timeout, {}});
      drop();  // a Redis that stops answering is treated as gone until it reconnects
    });
  }

  static void on_reply(redisAsyncContext* c, void* r, void* privdata) {
    auto* self = static_cast<Impl*>(c->data);
    auto id = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(privdata));
    auto it = self->pending.find(id);
    if (it == self->pending.end()) return;  // timed out already
    auto callback = std::move(it->second.callback);
    if (it->second.timer) it->second.timer->cancel();
    self->pending.erase(it);
    RedisResult result;
    if (r) {
      result.outcome = RedisResult::Outcome::reply;
      result.reply = convert(static_cast<redisReply*>(r));
      // NOSCRIPT is expected once after Redis restarts: the caller loads the script again.
      if (result.reply.type == RedisReply::Type::error && !result.is_error("NOSCRIPT")) {
        self->error();
      }
    }
    callback(std::move(result));
  }
};

RedisClient::RedisClient(RedisClientOptions options)
    : options_(std::move(options)), impl_(std::make_unique<Impl>(*this)) {}

RedisClient::~RedisClient() {
  stop();
}

void RedisClient::subscribe(const std::vector<std::string>& channels, MessageCallback on_message) {
  for (const auto& channel : channels) impl_->channels[channel] = on_message;
}

void RedisClient::on_ready(std::function<void()> hook) {
  impl_->ready_hooks.push_back(std::move(hook));
}

void RedisClient::on_error(ErrorHook hook) {
  impl_->on_error = std::move(hook);
}

void RedisClient::start() {
  if (impl_->thread.joinable()) return;
  asio::post(impl_->io, [impl = impl_.get()] { impl->connect(); });
  impl_->thread = std::thread([impl = impl_.get()] { impl->io.run(); });
}

void RedisClient::stop() {
  if (impl_->stopped.exchange(true)) return;
  if (!impl_->thread.joinable()) return;
  asio::post(impl_->io, [impl = impl_.get()] { impl->shutdown(); });
  impl_->thread.join();
}

void RedisClient::command(std::vector<std::string> args, Callback callback) {
  if (impl_->stopped.load() || !up()) {
    callback(RedisResult{});  // not ready: no thread hop, the caller falls back at once
    return;
  }
  asio::post(impl_->io,
             [impl = impl_.get(), args = std::move(args),
              callback = std::move(callback)]() mutable { impl->send(args, std::move(callback)); });
}

// Not a coroutine itself (see RedisRateLimiter::take_async: GCC 12 and owning temporaries
// in co_await).
boost::asio::awaitable<RedisResult> RedisClient::command_async(std::vector<std::string> args) {
  return store::await_callback<RedisResult>([this, args = std::move(args)](auto done) mutable {
    command(std::move(args), std::move(done));
  });
}

}  // namespace jm::infra
