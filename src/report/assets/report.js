// Draws every figure of the page from its JSON block with the local plotly copy (no network).
// After drawing, each div gets data-drawn = number of traces plotly holds, for the browser test.
(function () {
  function draw() {
    var divs = document.querySelectorAll('div.plot');
    for (var i = 0; i < divs.length; i++) {
      var div = divs[i];
      var spec = JSON.parse(document.getElementById(div.id + '-spec').textContent);
      window.Plotly.newPlot(div, spec.data, spec.layout, { responsive: true, displaylogo: false }).then(function (gd) {
        gd.setAttribute('data-drawn', String(gd.data.length));
      });
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', draw);
  else draw();
})();
