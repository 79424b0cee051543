// Lets Material's search find Docker's long flags as typed: "--rm" searches for "rm".
//
// Material's search worker parses a query with Lunr, where a leading "-" excludes a term, so
// "--rm" is a syntax error and finds nothing. The index holds flags without their dashes (the
// separator splits on "-"), so the query drops a term's leading "--" before the worker sees it.
// A single "-" keeps its meaning (exclude a term). Material offers no query hook, so this wraps
// Worker.prototype.postMessage; it runs right after Material's bundle, before any query is sent.
(() => {
  const QUERY = 2 // SearchMessageType.QUERY in Material's worker protocol
  const post = Worker.prototype.postMessage
  if (post.dropsFlagDashes) return // navigation.instant may run this script again

  function postMessage(message, ...rest) {
    if (message && message.type === QUERY && typeof message.data === "string")
      message = { ...message, data: message.data.replace(/(^|\s)--(?=[^\s-])/g, "$1") }
    return post.call(this, message, ...rest)
  }
  postMessage.dropsFlagDashes = true
  Worker.prototype.postMessage = postMessage
})()
