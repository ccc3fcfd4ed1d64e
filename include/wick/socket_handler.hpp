#pragma once
// The application's socket (Phoenix's UserSocket): authenticates connections and routes topics
// to channels. One instance serves every connection of its mount, from every event loop, so
// connect() and id() must be safe to call concurrently (keep them free of shared mutable state,
// or guard it).
//
//   class UserSocket : public wick::SocketHandler {
//    public:
//     UserSocket() { channel<RoomChannel>("room:*"); }
//     bool connect(const wick::json::object& params, const wick::ConnectInfo&,
//                  wick::Socket& socket) override {
//       auto user = params.if_contains("user_id");
//       if (!user) return false;                     // HTTP 403, the client retries
//       socket.assign("user_id", *user);
//       return true;
//     }
//     std::optional<std::string> id(const wick::Socket& s) const override {
//       return "user_socket:" + wick::json::serialize(s.assigns().at("user_id"));
//     }
//   };
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <wick/socket.hpp>
#include <wick/topic_router.hpp>

namespace wick {

/// The base class of an application's socket module (see the example above).
class SocketHandler {
 public:
  virtual ~SocketHandler() = default;

  /// Accepts (true) or refuses (false → HTTP 403) a connection. `params` are the query
  /// parameters (vsn included), bracket keys decoded into nested objects, all leaves strings.
  /// An exception refuses the connection too.
  virtual bool connect(const json::object& params, const ConnectInfo& info, Socket& socket);
  /// The socket's id, or none. Broadcasting "disconnect" to the id closes every socket with it.
  virtual std::optional<std::string> id(const Socket& socket) const;

  /// What channel<C>() added, to configure further: channel<C>("room:*").history({...}).
  class Route {
   public:
    /// Keeps history on the route's topics, for recovery (wick/history.hpp).
    Route& history(History history) {
      router_.keep_history(index_, history);
      return *this;
    }

   private:
    friend class SocketHandler;
    Route(TopicRouter& router, std::size_t index) : router_(router), index_(index) {}
    TopicRouter& router_;
    std::size_t index_;
  };

  /// Routes topics matching `pattern` to new instances of C, each constructed from copies of
  /// `args` (a shared application context, say).
  template <class C, class... Args>
  Route channel(std::string pattern, Args... args) {
    return Route(router_, router_.add(std::move(pattern),
                                      [args...] { return std::make_unique<C>(args...); }));
  }
  /// The routes channel<C>() added.
  const TopicRouter& router() const { return router_; }

 private:
  TopicRouter router_;
};

}  // namespace wick
