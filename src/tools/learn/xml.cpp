#include "xml.hpp"

#include <cstdlib>

namespace ffikit::learn {

std::string unescape_xml(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    const std::size_t end = text.find(';', i);
    if (end == std::string_view::npos) {
      out += text[i];
      continue;
    }
    const std::string_view entity = text.substr(i + 1, end - i - 1);
    if (entity == "lt")
      out += '<';
    else if (entity == "gt")
      out += '>';
    else if (entity == "amp")
      out += '&';
    else if (entity == "quot")
      out += '"';
    else if (entity == "apos")
      out += '\'';
    else if (!entity.empty() && entity[0] == '#') {
      out += static_cast<char>(
          std::strtol(std::string(entity.substr(1)).c_str(), nullptr, 10));
    } else {
      out += '&';
      out += entity;
      out += ';';
    }
    i = end;
  }
  return out;
}

std::string escape_xml(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') {
          out += '?';
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string attribute(std::string_view tag, std::string_view name) {
  const std::string key = std::string(name) + "=\"";
  const std::size_t start = tag.find(key);
  if (start == std::string_view::npos) {
    return {};
  }
  const std::size_t end = tag.find('"', start + key.size());
  return unescape_xml(tag.substr(start + key.size(), end - start - key.size()));
}

}  // namespace ffikit::learn
