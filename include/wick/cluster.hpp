#pragma once
// The seam a cluster plugs into: an adapter forwards each broadcast of this node to the others,
// which hand what they receive to Endpoint::deliver_remote(). A single node needs none.
//
//   class MyAdapter : public wick::ClusterAdapter {
//     void forward(std::string_view topic, std::string_view event,
//                  const wick::Payload& payload) override { bus.publish(topic, event, payload); }
//   };
//   endpoint.set_cluster_adapter(std::make_shared<MyAdapter>());
//
// forward() is called on the thread that broadcast (an event loop, or any thread).
#include <string_view>
#include <wick/payload.hpp>

namespace wick {

/// Carries this node's broadcasts to the other nodes of a cluster.
class ClusterAdapter {
 public:
  virtual ~ClusterAdapter() = default;
  virtual void forward(std::string_view topic, std::string_view event, const Payload& payload) = 0;
};

}  // namespace wick
