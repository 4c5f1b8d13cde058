// Title suggestions for search boxes with a data-autocomplete-url: a <datalist> filled with
// the titles of matching articles as the reader types. Choosing one fills the box; the form
// still submits to the search page. Without JavaScript the box is a plain search form.
(function () {
    "use strict";

    var DELAY_MS = 200;
    var MIN_LENGTH = 2;

    function attach(input) {
        var list = document.createElement("datalist");
        list.id = input.id + "-suggestions";
        input.insertAdjacentElement("afterend", list);
        input.setAttribute("list", list.id);

        var timer = null;
        var controller = null;
        var lastQuery = "";

        function show(titles) {
            list.replaceChildren.apply(list, titles.map(function (title) {
                var option = document.createElement("option");
                option.value = title;
                return option;
            }));
        }

        function update() {
            var query = input.value.trim();
            if (query === lastQuery) {
                return;
            }
            lastQuery = query;
            if (controller) {
                controller.abort();
            }
            if (query.length < MIN_LENGTH) {
                show([]);
                return;
            }
            controller = new AbortController();
            var url = input.dataset.autocompleteUrl + "?q=" + encodeURIComponent(query);
            fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } })
                .then(function (response) {
                    return response.ok ? response.json() : { results: [] };
                })
                .then(function (data) {
                    show(data.results.map(function (result) { return result.title; }));
                })
                .catch(function () {
                    // Aborted by a newer query, or offline: the search form still works.
                });
        }

        input.addEventListener("input", function () {
            clearTimeout(timer);
            timer = setTimeout(update, DELAY_MS);
        });
    }

    document.querySelectorAll("input[data-autocomplete-url]").forEach(attach);
})();
