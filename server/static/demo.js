// The publisher's own script: it must keep working with Tally on the page.
document.getElementById("publisher-button").addEventListener("click", function () {
  var count = document.getElementById("publisher-count");
  count.textContent = String(Number(count.textContent) + 1);
});
