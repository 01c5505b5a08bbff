// Search highlighting for Chinese queries. Material sets a result's ?h= to the
// index terms the query matched. The index is segmented by jieba at build time,
// but the query is not segmented in the browser the same way, so a query such as
// 批归一化 can match through fragments and highlight only those (a lone 一).
// When the query contains Chinese characters, the result link is made to carry
// the query's own words instead, just before the link is followed (a click, or
// Enter, which Material turns into a click on the selected result).
document.addEventListener("click", (event) => {
  const link = event.target.closest?.("a.md-search-result__link");
  const input = document.querySelector("input.md-search__input");
  const query = input ? input.value.trim() : "";
  if (!link || !/\p{sc=Han}/u.test(query)) return;
  const url = new URL(link.href);
  if (url.searchParams.has("h")) {
    url.searchParams.set("h", query);
    link.href = url.toString();
  }
}, true);
