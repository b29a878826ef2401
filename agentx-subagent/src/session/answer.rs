//! Answers to the master's requests (RFC 2741 §7.2.3) from one [`MibView`]: Get,
//! GetNext and GetBulk with noSuchObject / noSuchInstance / endOfMibView, and every Set
//! refused as notWritable (the NSI subtree is read-only).

use crate::agentx::Value as WireValue;
use crate::agentx::{BulkRequest, ErrorStatus, Pdu, Request, Response, SearchRange, VarBind};
use crate::mib_view::{Lookup, MibView, NextAnswer, MAX_BULK_VARBINDS};

/// The Response to one request PDU, or `None` for a PDU that gets no answer here.
pub fn answer(view: &MibView, pdu: &Pdu) -> Option<Response> {
    let (error, index, varbinds) = match pdu {
        Pdu::Get(request) => (ErrorStatus::NoError, 0, get(view, request)),
        Pdu::GetNext(request) => (ErrorStatus::NoError, 0, get_next(view, request)),
        Pdu::GetBulk(request) => (ErrorStatus::NoError, 0, get_bulk(view, request)),
        // §7.2.4.1: the first VarBind that cannot be set is named by its index (1-based).
        Pdu::TestSet(_) => (ErrorStatus::NotWritable, 1, Vec::new()),
        Pdu::CommitSet | Pdu::UndoSet => (ErrorStatus::NoError, 0, Vec::new()),
        _ => return None,
    };
    Some(Response {
        sys_uptime: 0,
        error,
        index,
        varbinds,
    })
}

fn get(view: &MibView, request: &Request) -> Vec<VarBind> {
    request
        .ranges
        .iter()
        .map(|range| {
            let value = match view.get(&range.start) {
                Lookup::Value(value) => WireValue::from(value),
                Lookup::NoSuchObject => WireValue::NoSuchObject,
                Lookup::NoSuchInstance => WireValue::NoSuchInstance,
            };
            VarBind::new(range.start.clone(), value)
        })
        .collect()
}

fn get_next(view: &MibView, request: &Request) -> Vec<VarBind> {
    request
        .ranges
        .iter()
        .map(|range| search(view, range).0)
        .collect()
}

/// §7.2.3.3: non-repeaters searched once, then rounds over the repeaters, each round
/// continuing (exclusively) from the previous answer within the same end bound.
fn get_bulk(view: &MibView, request: &BulkRequest) -> Vec<VarBind> {
    let split = usize::from(request.non_repeaters).min(request.ranges.len());
    let (singles, repeaters) = request.ranges.split_at(split);
    let mut out: Vec<VarBind> = singles.iter().map(|range| search(view, range).0).collect();
    let mut cursors: Vec<SearchRange> = repeaters.to_vec();
    for _ in 0..request.max_repetitions {
        if cursors.is_empty() || out.len() + cursors.len() > MAX_BULK_VARBINDS {
            break;
        }
        let mut all_ended = true;
        for cursor in &mut cursors {
            let (varbind, found) = search(view, cursor);
            if found {
                all_ended = false;
                cursor.start = varbind.name.clone();
                cursor.include = false;
            }
            out.push(varbind);
        }
        if all_ended {
            break;
        }
    }
    out
}

/// One search range's answer, and whether an instance was found.
fn search(view: &MibView, range: &SearchRange) -> (VarBind, bool) {
    let end = (!range.end.is_null()).then_some(&range.end);
    match view.search(&range.start, range.include, end) {
        NextAnswer::Value(oid, value) => (VarBind::new(oid, WireValue::from(value)), true),
        NextAnswer::EndOfMibView(_) => (
            VarBind::new(range.start.clone(), WireValue::EndOfMibView),
            false,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agentx::Oid;
    use crate::mib_view::oids;

    fn oid(ids: &[u32]) -> Oid {
        Oid::from(ids)
    }

    fn range(start: &[u32], include: bool, end: &[u32]) -> SearchRange {
        SearchRange {
            start: oid(start),
            include,
            end: oid(end),
        }
    }

    fn request(ranges: Vec<SearchRange>) -> Request {
        Request {
            context: None,
            ranges,
        }
    }

    fn up_time_0() -> Vec<u32> {
        [oids::DT_UP_TIME, &[0]].concat()
    }

    #[test]
    fn get_answers_values_and_both_exceptions() {
        let view = MibView::engine_down();
        let pdu = Pdu::Get(request(vec![
            range(&up_time_0(), false, &[]),
            range(oids::DT_UP_TIME, false, &[]),
            range(&[1, 3, 6, 1, 4, 1, 2592, 3, 99, 0], false, &[]),
        ]));
        let response = answer(&view, &pdu).unwrap();
        assert_eq!(response.error, ErrorStatus::NoError);
        let values: Vec<_> = response.varbinds.iter().map(|v| v.value.clone()).collect();
        assert_eq!(values[0], WireValue::TimeTicks(0));
        assert!(matches!(
            values[1],
            WireValue::NoSuchInstance | WireValue::NoSuchObject
        ));
        assert_eq!(values[2], WireValue::NoSuchObject);
        assert_eq!(
            response.varbinds[2].name,
            oid(&[1, 3, 6, 1, 4, 1, 2592, 3, 99, 0])
        );
    }

    #[test]
    fn get_next_honours_include_and_end() {
        let view = MibView::engine_down();
        let up = up_time_0();
        let included = answer(&view, &Pdu::GetNext(request(vec![range(&up, true, &[])]))).unwrap();
        assert_eq!(included.varbinds[0].name, oid(&up));
        let after = answer(&view, &Pdu::GetNext(request(vec![range(&up, false, &[])]))).unwrap();
        assert!(after.varbinds[0].name > oid(&up));
        let bounded = answer(
            &view,
            &Pdu::GetNext(request(vec![range(
                &up,
                false,
                &[1, 3, 6, 1, 4, 1, 2592, 3, 2, 1, 1],
            )])),
        )
        .unwrap();
        assert_eq!(bounded.varbinds[0].value, WireValue::EndOfMibView);
        assert_eq!(bounded.varbinds[0].name, oid(&up));
    }

    #[test]
    fn bulk_walks_the_whole_view_in_increasing_order_then_ends() {
        let view = MibView::engine_down();
        let pdu = Pdu::GetBulk(BulkRequest {
            context: None,
            non_repeaters: 0,
            max_repetitions: 1000,
            ranges: vec![range(
                oids::NSI_DOUBLE_TAKE,
                false,
                &[1, 3, 6, 1, 4, 1, 2592, 4],
            )],
        });
        let varbinds = answer(&view, &pdu).unwrap().varbinds;
        let (last, found) = varbinds.split_last().unwrap();
        assert_eq!(last.value, WireValue::EndOfMibView);
        assert_eq!(found.len(), view.instance_count());
        assert!(found.windows(2).all(|w| w[0].name < w[1].name));
    }

    #[test]
    fn sets_are_not_writable_and_cleanup_is_unanswered() {
        let view = MibView::engine_down();
        let set = Pdu::TestSet(crate::agentx::VarBindList {
            context: None,
            varbinds: vec![VarBind::new(oid(&up_time_0()), WireValue::TimeTicks(1))],
        });
        let response = answer(&view, &set).unwrap();
        assert_eq!(
            (response.error, response.index),
            (ErrorStatus::NotWritable, 1)
        );
        assert_eq!(answer(&view, &Pdu::CleanupSet), None);
    }
}
