#pragma once
// The seam a cluster plugs into: an adapter forwards each broadcast of this node to the others,
// which hand what they receive to Endpoint::deliver_remote(); it follows which topics this node
// has subscribers to, so as to carry only those, and a join waits until its topic's traffic
// from the other nodes flows (Endpoint::remote_ready). A single node needs none; Wick's own
// adapter, over Redis, is EndpointConfig::redis_url (docs/cluster.md).
//
//   class MyAdapter : public wick::ClusterAdapter {
//     void forward(std::string_view topic, std::string_view event,
//                  const wick::Payload& payload) override { bus.publish(topic, event, payload); }
//     bool interest(std::string_view topic, bool subscribed) override {
//       if (!subscribed) return bus.unsubscribe(topic), true;
//       bus.subscribe(topic, [this, t = std::string(topic)] { endpoint.remote_ready(t); });
//       return false;                     // joins of the topic wait for remote_ready
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
  /// This node has its first subscriber to `topic`, or a join of it waits (true), or the last
  /// of those is gone (false); a socket with an id counts as a subscriber to its id, so that
  /// "disconnect" reaches it from any node. Called in order for each topic, under a lock of its
  /// own, on an event loop (or on the thread that destroys the endpoint): keep it quick, and
  /// do not call back into the endpoint from it.
  ///
  /// For `subscribed`, return true when the node receives the topic's traffic at once; false
  /// to have joins of the topic wait until Endpoint::remote_ready(topic), which must then come
  /// (also when the link to the other nodes fails). The return value is ignored for false. The
  /// default carries every topic: it returns true.
  virtual bool interest(std::string_view topic, bool subscribed) {
    static_cast<void>(topic);
    static_cast<void>(subscribed);
    return true;
  }
};

}  // namespace wick
