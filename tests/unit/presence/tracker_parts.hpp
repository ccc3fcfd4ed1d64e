#pragma once
// A presence tracker with what it needs around it, for tests: one loop (run by hand), its
// pubsub, a state delivery that records the states it is given, and a subscriber that records
// the diffs of the topics it watches. No coalescing window.
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "net/event_loop.hpp"
#include "presence/presence_tracker.hpp"
#include "presence/state_push.hpp"
#include "protocol/serializer.hpp"
#include "pubsub/broadcast_message.hpp"
#include "pubsub/pubsub.hpp"
#include "pubsub/subscriber.hpp"

namespace wick::detail::test {

class DiffRecorder : public Subscriber {
 public:
  explicit DiffRecorder(std::uint64_t id) : id_(id) {}
  void receive(const std::shared_ptr<const BroadcastMessage>& message, const void*,
               bool excluded) override {
    if (!excluded) diffs.push_back(message->payload().json().as_object());
  }
  std::uint64_t subscriber_id() const override { return id_; }
  std::vector<boost::json::object> diffs;

 private:
  std::uint64_t id_;
};

class RecordingDelivery : public PresenceTracker::StateDelivery {
 public:
  bool send_state(EventLoop&, const PresenceTracker::Owner& owner, const BroadcastMessage*,
                  StatePush& state) override {
    SharedFrame frame = state.frame(serializer_for(SerializerVersion::v2), owner.join_ref);
    states.push_back(boost::json::parse(frame.payload()).as_array().at(4).as_object());
    return true;
  }
  std::vector<boost::json::object> states;
};

struct TrackerNode {
  explicit TrackerNode(std::string replica) {
    loops.push_back(std::make_shared<EventLoop>(0, std::chrono::seconds(1), settings));
    pubsub = std::make_unique<PubSub>(loops);
    tracker = std::make_unique<PresenceTracker>(loops, *pubsub, delivery, std::move(replica),
                                                std::chrono::milliseconds(0));
  }
  /// Records the diffs of `topic` in `diffs`.
  void watch(std::string_view topic) { pubsub->subscribe(*loops[0], topic, diffs, &diffs); }
  /// Runs what the tracker posted to the loop.
  void run() {
    for (int i = 0; i < 3; ++i) {
      loops[0]->io().restart();
      loops[0]->io().poll();
    }
  }

  ConnectionSettings settings;
  std::vector<std::shared_ptr<EventLoop>> loops;
  std::unique_ptr<PubSub> pubsub;
  RecordingDelivery delivery;
  std::unique_ptr<PresenceTracker> tracker;
  DiffRecorder diffs{1'000'000};
};

}  // namespace wick::detail::test
