export function Root() { return <main>Handoff</main>; }
