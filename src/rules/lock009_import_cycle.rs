use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::{Context, Report, declare_rule};
use crate::diagnostic::Reference;
use crate::graph::{Graph, StackId};

declare_rule! {
    /// ## What it does
    /// Flags stacks whose imports form a cycle (A imports from B, B imports from A, or
    /// longer), and shows the cycle. Nested stacks count as their top-level stack.
    ///
    /// ## Why is this bad?
    /// Each stack needs the other's export to exist before it can be created, and once
    /// deployed neither export can change or go: the "deadly embrace". No deploy order
    /// works.
    ///
    /// ## Example
    /// ```js
    /// // in orders:  Fn.importValue('billing-InvoiceTopicArn')
    /// // in billing: Fn.importValue('orders-OrdersTableName')
    /// ```
    ///
    /// Use instead: move what both need into a third stack both import from, or pass one
    /// direction through an SSM parameter read at run time.
    ///
    /// ## References
    /// - aws/aws-cdk#7602 ("deadly embrace")
    pub ImportCycle {
        code: "LOCK009", name: "import-cycle", severity: Error, since: "0.1.0",
        summary: "stacks import from each other in a cycle",
    }
}

impl ImportCycle {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        // producer → consumer edges between top-level stacks, with one import for each.
        let mut edges: BTreeMap<(StackId, StackId), usize> = BTreeMap::new();
        for (i, import) in graph.imports.iter().enumerate() {
            for &export in &import.producers {
                let (from, to) = (top(graph, graph.exports[export].stack), top(graph, import.stack));
                if from != to {
                    edges.entry((from, to)).or_insert(i);
                }
            }
        }
        for component in strongly_connected(graph.stacks.len(), &edges) {
            let Some(cycle) = cycle_through(&component, &edges) else { continue };
            let names: Vec<&str> = cycle.iter().map(|&s| graph.stacks[s].source.name.as_str()).collect();
            // The import that closes the cycle: the first stack's import from the last.
            let closing = edges[&(cycle[cycle.len() - 1], cycle[0])];
            let import = &graph.imports[closing];
            let export = import.producers[0];
            let shown = names.iter().chain(names.first()).map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" → ");
            let report = Report {
                severity: None,
                reference: Some(Reference::Import),
                message: format!("stacks import from each other in a cycle: {shown} (each arrow: exports to)"),
                help: "break the cycle: move what both need into a stack they both import from, or pass one direction \
                       through an SSM parameter read at run time"
                    .to_owned(),
                export: import.name.value().map(str::to_owned),
                env: Some(graph.stacks[import.stack].source.env.to_string()),
                consumer: Some(cx.import_site(import, "this import closes the cycle".to_owned())),
                producer: Some(cx.export_site(export, "exported here".to_owned())),
            };
            cx.report(report);
        }
    }
}

fn top(graph: &Graph, mut stack: StackId) -> StackId {
    while let Some(link) = &graph.stacks[stack].source.nested_in {
        stack = link.parent;
    }
    stack
}

/// Tarjan's algorithm, iteratively; components of two or more stacks, sorted.
fn strongly_connected(count: usize, edges: &BTreeMap<(StackId, StackId), usize>) -> Vec<BTreeSet<StackId>> {
    let mut next: Vec<Vec<StackId>> = vec![Vec::new(); count];
    for &(from, to) in edges.keys() {
        next[from].push(to);
    }
    let (mut index, mut low, mut on_stack) = (vec![usize::MAX; count], vec![0; count], vec![false; count]);
    let (mut counter, mut stack, mut found) = (0, Vec::new(), Vec::new());
    for root in 0..count {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (node, ref mut child)) = work.last_mut() {
            if *child == 0 && index[node] == usize::MAX {
                index[node] = counter;
                low[node] = counter;
                counter += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&to) = next[node].get(*child) {
                *child += 1;
                if index[to] == usize::MAX {
                    work.push((to, 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(index[to]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                let mut component = BTreeSet::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.insert(member);
                    if member == node {
                        break;
                    }
                }
                if component.len() > 1 {
                    found.push(component);
                }
            }
        }
    }
    found.sort();
    found
}

/// The shortest cycle through the component's smallest stack, as a list of stacks.
fn cycle_through(component: &BTreeSet<StackId>, edges: &BTreeMap<(StackId, StackId), usize>) -> Option<Vec<StackId>> {
    let start = *component.first()?;
    let mut previous: BTreeMap<StackId, StackId> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for &(_, to) in edges.range((node, 0)..=(node, usize::MAX)).map(|(k, _)| k) {
            if !component.contains(&to) {
                continue;
            }
            if to == start {
                let mut cycle = vec![node];
                while let Some(&p) = previous.get(cycle.last()?) {
                    cycle.push(p);
                }
                cycle.reverse();
                return Some(cycle);
            }
            if to != start && !previous.contains_key(&to) {
                previous.insert(to, node);
                queue.push_back(to);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cycles_and_their_shortest_path() {
        let edges: BTreeMap<(StackId, StackId), usize> =
            [((0, 1), 0), ((1, 2), 0), ((2, 0), 0), ((2, 3), 0), ((3, 4), 0), ((4, 3), 0)].into_iter().collect();
        let components = strongly_connected(5, &edges);
        assert_eq!(components, vec![BTreeSet::from([0, 1, 2]), BTreeSet::from([3, 4])]);
        assert_eq!(cycle_through(&components[0], &edges), Some(vec![0, 1, 2]));
        assert_eq!(cycle_through(&components[1], &edges), Some(vec![3, 4]));
        assert!(strongly_connected(3, &[((0, 1), 0), ((1, 2), 0)].into_iter().collect()).is_empty());
    }
}
