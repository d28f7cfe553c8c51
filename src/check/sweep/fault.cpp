#include "ffikit/check/fault.hpp"

#include <charconv>

#include "ffikit/check/errno_catalog.hpp"

namespace ffikit::check {

std::string format_fault(const FaultPlan& plan) {
  std::string out = plan.target ? name(*plan.target) : "any";
  out += ':';
  out += std::to_string(plan.nth);
  out += ':';
  const char* error = errno_name(plan.error);
  out += error != nullptr ? std::string(error) : std::to_string(plan.error);
  out += plan.persistent ? ":persistent" : ":transient";
  return out;
}

std::optional<FaultPlan> parse_fault(std::string_view text) {
  std::array<std::string_view, 4> parts{};
  std::size_t count = 0;
  while (count < parts.size()) {
    const std::size_t colon = text.find(':');
    parts[count++] = text.substr(0, colon);
    if (colon == std::string_view::npos) {
      text = {};
      break;
    }
    text.remove_prefix(colon + 1);
  }
  if (count < 3 || !text.empty()) {
    return std::nullopt;
  }
  FaultPlan plan;
  if (parts[0] != "any") {
    plan.target = function_from_name(parts[0]);
    if (!plan.target) {
      return std::nullopt;
    }
  }
  const auto [end, status] = std::from_chars(
      parts[1].data(), parts[1].data() + parts[1].size(), plan.nth);
  if (status != std::errc{} || end != parts[1].data() + parts[1].size() ||
      plan.nth == 0) {
    return std::nullopt;
  }
  const std::optional<int> error = errno_from_name(parts[2]);
  if (!error) {
    return std::nullopt;
  }
  plan.error = *error;
  if (count == 4) {
    if (parts[3] == "persistent") {
      plan.persistent = true;
    } else if (parts[3] != "transient") {
      return std::nullopt;
    }
  }
  return plan;
}

int FaultSchedule::decide(Function function) noexcept {
  const std::size_t seen = ++counts_[static_cast<std::size_t>(function)];
  ++total_;
  if (!plan_) {
    return 0;
  }
  if (fired_) {
    if (plan_->persistent && function == fired_function_) {
      ++injected_;
      return plan_->error;
    }
    return 0;
  }
  const bool hit = plan_->target
                       ? (*plan_->target == function && seen == plan_->nth)
                       : total_ == plan_->nth;
  if (!hit) {
    return 0;
  }
  fired_ = true;
  fired_function_ = function;
  ++injected_;
  return plan_->error;
}

}  // namespace ffikit::check
