export function RequestPage() {
  return <div>RequestPage</div>;
}
