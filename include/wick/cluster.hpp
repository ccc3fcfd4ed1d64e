#pragma once
// The seam a cluster plugs into: an adapter forwards each broadcast of this node to the others,
// which hand what they receive to Endpoint::deliver_remote(); it may follow which topics this
// node has subscribers to, so as to carry only those. A single node needs none.
//
//   class MyAdapter : public wick::ClusterAdapter {
//     void forward(std::string_view topic, std::string_view event,
//                  const wick::Payload& payload) override { bus.publish(topic, event, payload); }
//     void interest(std::string_view topic, bool subscribed) override {
//       subscribed ? bus.subscribe(topic) : bus.unsubscribe(topic);
//     }
//   };
//   endpoint.set_cluster_adapter(std::make_shared<MyAdapter>());   // before start()
#include <string_view>
#include <wick/payload.hpp>

namespace wick {

/// Carries this node's broadcasts to the other nodes of a cluster.
class ClusterAdapter {
 public:
  virtual ~ClusterAdapter() = default;
  /// Publishes a broadcast made on this node (not one it got from deliver_remote). Called on
  /// the thread that broadcast: an event loop (keep it quick), or any thread.
  virtual void forward(std::string_view topic, std::string_view event, const Payload& payload) = 0;
  /// This node has its first subscriber to `topic` (true), or its last one left (false); a
  /// socket with an id counts as a subscriber to its id, so that "disconnect" reaches it from
  /// any node. Called in order for each topic, under a lock of its own, on an event loop (or
  /// on the thread that destroys the endpoint): keep it quick. The default ignores it (an
  /// adapter that carries every topic).
  virtual void interest(std::string_view topic, bool subscribed) {
    static_cast<void>(topic);
    static_cast<void>(subscribed);
  }
};

}  // namespace wick
