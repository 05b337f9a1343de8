// Filters the stack list as you type (every word must appear); without JavaScript the full list shows.
(function () {
  var input = document.getElementById('q');
  var list = document.getElementById('stacks');
  if (!input || !list) return;
  var items = Array.prototype.slice.call(list.querySelectorAll('li.stack'));
  var count = document.getElementById('count');
  var none = document.getElementById('none');
  function apply() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (li) {
      var text = li.getAttribute('data-search') || '';
      var match = words.every(function (w) { return text.indexOf(w) !== -1; });
      li.hidden = !match;
      if (match) shown += 1;
    });
    count.textContent = shown + (shown === 1 ? ' stack' : ' stacks') + (words.length ? ' match "' + input.value.trim() + '"' : '');
    none.hidden = shown !== 0;
  }
  input.addEventListener('input', apply);
  input.form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
  var q = new URLSearchParams(window.location.search).get('q');
  if (q) { input.value = q; }
  apply();
})();
