import { Parser, Language } from 'web-tree-sitter';
await Parser.init();
const lang = await Language.load(new URL('../node_modules/tree-sitter-bash/tree-sitter-bash.wasm', import.meta.url).pathname);
const p = new Parser(); p.setLanguage(lang);
function dump(n, d=0){ const f=[]; let s='  '.repeat(d)+n.type+(n.isNamed?'':'(anon)')+' '+JSON.stringify(n.text.slice(0,60)); console.log(s); for(let i=0;i<n.childCount;i++){const c=n.child(i); const fn=n.fieldNameForChild(i); if(fn) console.log('  '.repeat(d+1)+'['+fn+']'); dump(c,d+1);} }
for (const src of process.argv.slice(2)) { dump(p.parse(src).rootNode); console.log('---'); }
